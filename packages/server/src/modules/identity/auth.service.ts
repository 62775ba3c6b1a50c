import type { LoginRequest, Me, TokenScope } from '@clearinghouse/shared';
import type { Config } from '../../config.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { randomSecret, sha256Hex } from '../../lib/secrets.js';
import type { Principal, UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import { IdentityCache } from './identity-cache.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { buildPrincipal, presentMe } from './principals.js';
import { SecretGuard } from './secret-guard.js';
import { normalizeRecoveryCode } from './totp.js';
import { useTotpCode } from './two-factor.js';
import type { MembershipRecord, UserRecord } from './users.repository.js';

export const SESSION_COOKIE = 'ch_session';

/** How stale another process's identity change may be seen here, at most. */
export const GENERATION_RECHECK_MS = 1000;
export const TOKEN_PREFIX = 'cht_';

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

export interface LoginResult {
  sessionSecret: string;
  expiresAt: Date;
  me: Me;
}

/** Sign-in and sign-out, and who a session cookie or API token belongs to. */
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'sessionTtlHours' | 'login'>,
    private readonly guard: SecretGuard = new SecretGuard(uow, config.login),
  ) {}

  async login(input: LoginRequest, meta: RequestMeta): Promise<LoginResult> {
    const email = input.email.toLowerCase();
    const now = this.clock.now();
    const attempt = await this.guard.begin(email, meta.ip, now);
    const refuse = (code: 'invalid_credentials' | 'totp_invalid', message: string) =>
      new AppError(code, `login failed for ${email}: ${code}`, { publicMessage: message });

    const user = await this.uow.read.users.findByEmail(email);
    if (!user?.passwordHash || user.disabledAt !== null) {
      await burnPasswordCheck(input.password);
      throw refuse('invalid_credentials', 'E-mail or password is incorrect.');
    }
    if (!(await verifyPassword(user.passwordHash, input.password))) {
      throw refuse('invalid_credentials', 'E-mail or password is incorrect.');
    }
    let usedRecoveryCode = false;
    if (user.totpEnabledAt !== null && user.totpSecret !== null) {
      if (input.totp === undefined || input.totp.trim() === '') {
        await attempt.cancel();
        throw new AppError('totp_required', 'second factor required', {
          publicMessage: 'Enter the six-digit code from your authenticator app, or a recovery code.',
        });
      }
      if (!(await useTotpCode(this.uow, user.id, user.totpSecret, input.totp))) {
        usedRecoveryCode = await this.uow.read.users.consumeRecoveryCode(
          user.id,
          sha256Hex(normalizeRecoveryCode(input.totp)),
          now.toISOString(),
        );
        if (!usedRecoveryCode) throw refuse('totp_invalid', 'That code is not valid (or was already used).');
      }
    }

    const sessionSecret = randomSecret();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlHours * 3_600_000);
    const sessionId = sha256Hex(sessionSecret);
    const csrfToken = randomSecret();
    const memberships = await this.uow.read.users.memberships(user.id);
    const principal = buildPrincipal(user, memberships, { method: 'session', sessionId }, meta.ip);
    await this.uow.transaction(async (r) => {
      await r.sessions.insert({
        id: sessionId,
        userId: user.id,
        csrfToken,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        lastSeenAt: now.toISOString(),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await recordAudit(
        r,
        principal,
        'auth.login',
        { targetType: 'user', targetId: user.id, data: { usedRecoveryCode } },
        now,
      );
    });
    await attempt.succeed();
    return { sessionSecret, expiresAt, me: presentMe(user, memberships, principal, csrfToken) };
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.kind !== 'user' || principal.auth.method !== 'session') return;
    const sessionId = principal.auth.sessionId;
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.sessions.delete(sessionId);
      await recordAudit(r, principal, 'auth.logout', { targetType: 'user', targetId: principal.userId }, now);
    });
  }

  private readonly sessionIdentities = new IdentityCache<{
    sessionId: string;
    csrfToken: string;
    lastSeenAt: string;
  }>();
  private readonly tokenIdentities = new IdentityCache<{ tokenId: string; scope: TokenScope }>();
  /** The identity each principal was built from, so `me` answers without reading it again. */
  private readonly snapshots = new WeakMap<
    UserPrincipal,
    { user: UserRecord; memberships: MembershipRecord[] }
  >();

  /**
   * The auth generation, read from the database at most once a second — or at once after this
   * process committed anything. A change made by this process applies on the next request; one
   * made by another process (a second server, an admin command) within a second.
   */
  private generation = { value: -1, readAt: 0, commits: -1 };
  private async currentGeneration(now: Date): Promise<number> {
    const g = this.generation;
    if (
      g.commits === this.uow.commits &&
      now.getTime() - g.readAt < GENERATION_RECHECK_MS &&
      g.readAt <= now.getTime()
    ) {
      return g.value;
    }
    const commits = this.uow.commits;
    const value = await this.uow.read.users.authGeneration();
    this.generation = { value, readAt: now.getTime(), commits };
    return value;
  }

  private async loadUser(userId: string) {
    const user = await this.uow.read.users.findById(userId);
    return user ? { user, memberships: await this.uow.read.users.memberships(userId) } : undefined;
  }

  private principalFrom(
    identity: { user: UserRecord; memberships: MembershipRecord[] },
    auth: UserPrincipal['auth'],
    ip: string | null,
  ): UserPrincipal {
    const principal = buildPrincipal(identity.user, identity.memberships, auth, ip);
    this.snapshots.set(principal, identity);
    return principal;
  }

  /** Resolves a session cookie to its principal and CSRF token, or undefined when not live. */
  async authenticateSession(
    secret: string,
    ip: string | null,
  ): Promise<{ principal: UserPrincipal; csrfToken: string } | undefined> {
    const now = this.clock.now();
    const sessionId = sha256Hex(secret);
    const generation = await this.currentGeneration(now);
    const identity = await this.sessionIdentities.resolve(
      sessionId,
      generation,
      now.toISOString(),
      async () => {
        const session = await this.uow.read.sessions.findLive(sessionId, now.toISOString());
        const loaded = session ? await this.loadUser(session.userId) : undefined;
        return session && loaded
          ? {
              ...loaded,
              expiresAt: session.expiresAt,
              credential: { sessionId, csrfToken: session.csrfToken, lastSeenAt: session.lastSeenAt },
            }
          : undefined;
      },
    );
    if (!identity) return undefined;
    // Sessions end CH_SESSION_TTL_HOURS after sign-in, however active; activity is recorded
    // (at most once a minute) for the account's session list.
    if (now.getTime() - Date.parse(identity.credential.lastSeenAt) > 60_000) {
      identity.credential.lastSeenAt = now.toISOString();
      await this.uow.read.sessions.touch(sessionId, now.toISOString());
    }
    return {
      principal: this.principalFrom(identity, { method: 'session', sessionId }, ip),
      csrfToken: identity.credential.csrfToken,
    };
  }

  /**
   * The principal of an API token when everything it needs is already in memory (a fresh auth
   * generation, the identity cached, its use recorded within the minute); undefined means "ask
   * authenticateToken", which may read the database — never "refused".
   */
  authenticateTokenCached(secret: string, ip: string | null): UserPrincipal | undefined {
    if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
    const now = this.clock.now();
    const g = this.generation;
    const fresh =
      g.commits === this.uow.commits &&
      now.getTime() - g.readAt < GENERATION_RECHECK_MS &&
      g.readAt <= now.getTime();
    if (!fresh) return undefined;
    const identity = this.tokenIdentities.peek(sha256Hex(secret), g.value, now.toISOString());
    if (!identity) return undefined;
    const marked = this.tokenLastMarked.get(identity.credential.tokenId);
    if (marked === undefined || now.getTime() - marked >= 60_000) return undefined;
    return this.principalFrom(identity, { method: 'token', ...identity.credential }, ip);
  }

  async authenticateToken(secret: string, ip: string | null): Promise<UserPrincipal | undefined> {
    if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
    const now = this.clock.now();
    const hash = sha256Hex(secret);
    const generation = await this.currentGeneration(now);
    const identity = await this.tokenIdentities.resolve(hash, generation, now.toISOString(), async () => {
      const token = await this.uow.read.tokens.findUsableByHash(hash, now.toISOString());
      const loaded = token ? await this.loadUser(token.userId) : undefined;
      return token && loaded
        ? { ...loaded, expiresAt: token.expiresAt, credential: { tokenId: token.id, scope: token.scope } }
        : undefined;
    });
    if (!identity) return undefined;
    await this.markTokenUsed(identity.credential.tokenId, now);
    return this.principalFrom(identity, { method: 'token', ...identity.credential }, ip);
  }

  /**
   * last_used_at is advisory: written at most once a minute per token, and the in-process
   * memory of the last write spares the hot path a write transaction on every request.
   */
  private readonly tokenLastMarked = new Map<string, number>();
  private async markTokenUsed(tokenId: string, now: Date): Promise<void> {
    const last = this.tokenLastMarked.get(tokenId);
    if (last !== undefined && now.getTime() - last < 60_000) return;
    if (this.tokenLastMarked.size > 10_000) this.tokenLastMarked.clear();
    this.tokenLastMarked.set(tokenId, now.getTime());
    await this.uow.read.tokens.markUsed(
      tokenId,
      now.toISOString(),
      new Date(now.getTime() - 60_000).toISOString(),
    );
  }

  async me(principal: UserPrincipal, csrfToken: string | null): Promise<Me> {
    const cached = this.snapshots.get(principal);
    if (cached) return presentMe(cached.user, cached.memberships, principal, csrfToken);
    const user = await this.uow.read.users.findById(principal.userId);
    if (!user) throw new AppError('unauthenticated', 'user vanished');
    const memberships = await this.uow.read.users.memberships(user.id);
    return presentMe(user, memberships, principal, csrfToken);
  }
}
