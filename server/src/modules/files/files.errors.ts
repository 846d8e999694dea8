import { AppError } from '../../platform/http/errors';

export const nameTaken = (names: string[]) =>
  new AppError(
    'name_taken',
    `This folder already holds something named ${names.map((n) => `"${n}"`).join(', ')}. Choose another name.`,
    { names },
  );

export const folderFull = (limit: number) =>
  new AppError('folder_full', `A folder holds at most ${limit} files. Use or create another folder.`, {
    limit,
  });

export const rootFolderFixed = () =>
  new AppError('invalid_request', 'The All Files folder itself cannot be renamed, moved or deleted.');
