import { useOnline } from '../sync/use-online.ts';

/**
 * A live region that says when the browser is offline. It stays in the page (empty) while
 * online, so that screen readers announce the change when it happens.
 */
export function ConnectionStatus() {
  const online = useOnline();
  return (
    <div role="status" className={online ? 'connection' : 'connection connection--offline'}>
      {online ? '' : 'Offline: changes are saved here and sync when you reconnect'}
    </div>
  );
}
