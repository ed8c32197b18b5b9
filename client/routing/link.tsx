import { type AnchorHTMLAttributes, type MouseEvent, useLayoutEffect } from 'react';
import { hrefOf, navigate, useIsCurrentPath } from './location.ts';

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  /** An app path, such as `/` or `conversationPath(id)`. */
  to: string;
  hash?: string | undefined;
};

/**
 * A real link (middle-click and "open in new tab" work) that navigates in place on a plain
 * click, and says `aria-current="page"` while its page is open.
 */
export function Link({ to, hash, onClick, ...props }: LinkProps) {
  const current = useIsCurrentPath(to);
  function follow(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || props.target) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to, { hash });
  }
  return (
    <a
      {...props}
      href={hrefOf(to, hash)}
      aria-current={current ? 'page' : undefined}
      onClick={follow}
    />
  );
}

/** Goes to `to` as soon as it is rendered, replacing the current history entry. */
export function Navigate({ to }: { to: string }) {
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
