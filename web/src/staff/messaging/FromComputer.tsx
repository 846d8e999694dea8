import { useState } from 'react';
import { ChooseFilesButton } from '../../ui/ChooseFilesButton';
import { ChooseFolderDialog } from '../files/FileDialogs';
import type { useComputerFiles } from './computer-files';

/**
 * The composer's "From computer" button (several files at once) and where they are saved: "Sent
 * files" unless the user picks another folder of the matter.
 */
export function FromComputer({
  matterId,
  files,
}: {
  matterId: string;
  files: ReturnType<typeof useComputerFiles>;
}) {
  const [choosing, setChoosing] = useState(false);
  return (
    <>
      <ChooseFilesButton label="Attach files from the computer" onFiles={(chosen) => void files.add(chosen)}>
        From computer
      </ChooseFilesButton>
      <span className="muted save-in">
        into{' '}
        <button
          type="button"
          className="linkish"
          aria-label={`Files from the computer are saved in ${files.folderName}: change`}
          onClick={() => setChoosing(true)}
        >
          {files.folderName}
        </button>
      </span>
      {choosing && (
        <ChooseFolderDialog
          title="Save files from the computer in"
          matterId={matterId}
          action={(where) => `Save in ${where}`}
          onChoose={(folder) => {
            files.setFolder(folder);
            setChoosing(false);
          }}
          onClose={() => setChoosing(false)}
        />
      )}
    </>
  );
}
