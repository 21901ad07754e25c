/**
 * A tiny history router: the current location as React state, `navigate()` to move, and
 * `<Link>` for anchors that navigate without a reload (modifier clicks still open tabs).
 */
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
window.addEventListener('popstate', notify);

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const snapshot = () => window.location.pathname + window.location.search;

/** Goes to `to` (path plus optional query), adding a history entry unless `replace`. */
export function navigate(to: string, opts: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
}

/** The current path and query parameters; re-renders on navigation. */
export function useLocation(): { path: string; params: URLSearchParams } {
  const loc = useSyncExternalStore(subscribe, snapshot);
  const [path = '/', search = ''] = loc.split('?');
  return { path, params: new URLSearchParams(search) };
}

/** Sets the document title while a screen is shown. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} — Dancu`;
  }, [title]);
}

/** An anchor that navigates inside the app. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, href, ...rest } = props;
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (props.target && props.target !== '_self') return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} {...rest} onClick={click} />;
}
