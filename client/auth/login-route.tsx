import { Navigate } from '@tanstack/react-router';
import { LoginPage } from './login-page.tsx';
import { useSession } from './use-session.ts';

/** `/login`: the sign-in page, or straight into the app for someone already signed in. */
export function LoginRoute() {
  const session = useSession();
  if (session.status === 'signed-in') return <Navigate to="/" replace />;
  return <LoginPage />;
}
