import { Link } from '@tanstack/react-router';

/** Any path the app does not know. */
export function NotFoundPage() {
  return (
    <main className="login">
      <div className="login-card empty-state">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
        <Link to="/" className="button">
          Go to your chats
        </Link>
      </div>
    </main>
  );
}
