/** Small inline icons (no emoji font needed), hidden from assistive technology: text says the same. */
import type { ReactNode } from 'react';

function Svg({ children }: { children: ReactNode }) {
  return (
    <svg width={16} height={16} viewBox="0 0 16 16" aria-hidden="true" focusable="false" className="icon">
      {children}
    </svg>
  );
}

export const FolderIcon = () => (
  <Svg>
    <path d="M1.5 3.5h4l1.5 1.5h7.5v8h-13z" fill="#e8b84a" stroke="#a07a1f" />
  </Svg>
);
export const FileIcon = () => (
  <Svg>
    <path d="M3.5 1.5h6l3 3v10h-9z" fill="#fff" stroke="#5b6675" />
    <path d="M9.5 1.5v3h3" fill="none" stroke="#5b6675" />
  </Svg>
);
export const ClipIcon = () => (
  <Svg>
    <path
      d="M10.5 4.5l-5 5a1.5 1.5 0 0 0 2 2l5.5-5.5a3 3 0 0 0-4-4L3.5 7.5a4.5 4.5 0 0 0 6 6l4-4"
      fill="none"
      stroke="#5b6675"
    />
  </Svg>
);
export const LinkIcon = () => (
  <Svg>
    <path
      d="M6.5 9.5l3-3M7 4.5l1-1a2.8 2.8 0 0 1 4 4l-1 1M9 11.5l-1 1a2.8 2.8 0 0 1-4-4l1-1"
      fill="none"
      stroke="#2f6fb3"
      strokeWidth="1.5"
    />
  </Svg>
);
export const LockIcon = () => (
  <Svg>
    <rect x="3" y="7" width="10" height="7" rx="1" fill="#5b6675" />
    <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="#5b6675" strokeWidth="1.5" />
  </Svg>
);
