// Small stroke icons (24px grid, currentColor). Always decorative: the control names itself.

type IconProps = { path: string };

function Icon({ path }: IconProps) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={path} />
    </svg>
  );
}

export const MenuIcon = () => <Icon path="M4 6h16M4 12h16M4 18h16" />;
export const PencilIcon = () => <Icon path="M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4" />;
export const TrashIcon = () => <Icon path="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />;
export const StopIcon = () => <Icon path="M7 7h10v10H7z" />;
export const CopyIcon = () => <Icon path="M9 9h11v11H9zM5 15H4V4h11v1" />;
export const CheckIcon = () => <Icon path="M5 12l5 5L20 7" />;
export const RetryIcon = () => <Icon path="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" />;
export const SwitchIcon = () => <Icon path="M7 4L3 8l4 4M3 8h14M17 20l4-4-4-4M21 16H7" />;
export const ArrowDownIcon = () => <Icon path="M12 5v14M5 12l7 7 7-7" />;
export const BranchIcon = () => (
  <Icon path="M6 3v12M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM18 9a9 9 0 0 1-9 9" />
);
/** A page with a folded corner: a document such as a PDF. */
export const DocumentIcon = () => <Icon path="M6 3h8l4 4v14H6zM14 3v4h4M9 13h6M9 17h6" />;
export const PinIcon = () => <Icon path="M9 4h6l-1 6 4 4H6l4-4zM12 14v7" />;
export const GlobeIcon = () => (
  <Icon path="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zM2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20" />
);
export const ShareIcon = () => <Icon path="M4 13v7h16v-7M12 3v12M7 8l5-5 5 5" />;
