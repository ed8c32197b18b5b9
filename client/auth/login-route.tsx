import { Navigate } from '../routing/link.tsx';
import { LoginPage } from './login-page.tsx';
import { useSession } from './use-session.ts';

/** `/login`: the sign-in page, or straight into the app for someone already signed in. */
export function LoginRoute() {
  const session = useSession();
  if (session.status === 'signed-in') return <Navigate to="/" />;
  return <LoginPage />;
}
