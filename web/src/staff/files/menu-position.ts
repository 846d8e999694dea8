interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}

const MARGIN = 8;

/**
 * Where a menu opens for its button (viewport coordinates, for `position: fixed`): below the button
 * with their right edges aligned, or above it when there is more room there; moved and capped so it
 * stays inside the screen (`maxHeight`, the menu scrolls beyond it).
 */
export function menuPosition(
  button: Box,
  menu: { width: number; height: number },
  screen: { width: number; height: number },
): { top: number; left: number; maxHeight: number } {
  const below = screen.height - button.bottom - MARGIN;
  const above = button.top - MARGIN;
  const fitsBelow = menu.height + 4 <= below;
  const down = fitsBelow || below >= above;
  const room = Math.max(down ? below : above, 0) - 4;
  const maxHeight = Math.max(Math.min(room, screen.height - 2 * MARGIN), 120);
  const height = Math.min(menu.height, maxHeight);
  let top = down ? button.bottom + 4 : button.top - 4 - height;
  top = Math.min(Math.max(top, MARGIN), screen.height - MARGIN - height);
  const left = Math.min(
    Math.max(button.right - menu.width, MARGIN),
    Math.max(screen.width - MARGIN - menu.width, MARGIN),
  );
  return { top, left, maxHeight };
}
