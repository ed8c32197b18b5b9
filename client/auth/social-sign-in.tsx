import { loadAuthClient } from './load-auth-client.ts';
import { useAuthProviders } from './use-auth-providers.ts';

type Provider = 'github' | 'google';
const labels: Record<Provider, string> = {
  github: 'Continue with GitHub',
  google: 'Continue with Google',
};

/** One button per social provider the server has configured; none otherwise. */
export function SocialSignIn({ onError }: { onError: (message: string) => void }) {
  const providers = useAuthProviders();
  const offered = (['github', 'google'] as const).filter((provider) => providers[provider]);
  if (offered.length === 0) return null;

  async function continueWith(provider: Provider) {
    try {
      // On success the browser leaves for the provider and comes back to `/`.
      const authClient = await loadAuthClient();
      const { error } = await authClient.signIn.social({ provider, callbackURL: '/' });
      if (error) onError(error.message || 'That sign-in is not available right now.');
    } catch {
      onError('Parley could not be reached. Check your connection and try again.');
    }
  }

  return (
    <div className="social-sign-in">
      <p className="divider">
        <span>or</span>
      </p>
      {offered.map((provider) => (
        <button
          key={provider}
          type="button"
          className="button"
          onClick={() => void continueWith(provider)}
        >
          {labels[provider]}
        </button>
      ))}
    </div>
  );
}
