import { AppError } from '../../platform/errors';

/** 409 `name_taken`; `documents` are the folder's documents that hold the names (`nameTakenDetails`). */
export const nameTaken = (names: string[], documents?: { id: string; name: string }[]) =>
  new AppError(
    'name_taken',
    `This folder already holds something named ${names.map((n) => `"${n}"`).join(', ')}. Choose another name.`,
    documents ? { names, documents } : { names },
  );

export const folderFull = (limit: number) =>
  new AppError('folder_full', `A folder holds at most ${limit} files. Use or create another folder.`, {
    limit,
  });

export const rootFolderFixed = () =>
  new AppError('invalid_request', 'The All Files folder itself cannot be renamed, moved or deleted.');
