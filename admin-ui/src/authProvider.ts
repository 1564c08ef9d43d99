import type { AuthProvider } from 'react-admin';
import { answer, registry, refreshSession, session, setSession, ApiError, type SignedIn } from './api';

/** react-admin's view of our session. Sign-in itself (password, MFA, enrolment) is driven by LoginPage. */
export const authProvider: AuthProvider = {
  async login(params: { signedIn: SignedIn }) {
    setSession(params.signedIn);
  },
  async logout() {
    await answer(registry.POST('/api/v1/auth/sign-out')).catch(() => undefined);
    setSession(null);
  },
  async checkAuth() {
    if (session.token) return;
    if (await refreshSession()) return;
    throw new Error('ra.auth.auth_check_error'); // react-admin shows it translated
  },
  async checkError(error: unknown) {
    if (error instanceof ApiError && error.status === 401) {
      if (await refreshSession()) return;
      throw new Error('swr.screen.sessionEnded');
    }
  },
  async getPermissions() {
    if (!session.account && !(await refreshSession())) return [];
    return session.account?.roles ?? [];
  },
  async getIdentity() {
    if (!session.account && !(await refreshSession())) throw new Error('Not signed in');
    const a = session.account!;
    return { id: a.id, fullName: a.displayName };
  },
};
