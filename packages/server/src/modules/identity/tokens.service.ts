import type { ApiToken, ApiTokenCreate, ApiTokenCreated } from '@clearinghouse/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { randomSecret, sha256Hex } from '../../lib/secrets.js';
import { authorize } from '../../policy/policy.js';
import type { UserPrincipal } from '../../policy/principal.js';
import { recordAudit } from '../audit/record.js';
import { TOKEN_PREFIX } from './auth.service.js';
import type { ApiTokenRecord } from './tokens.repository.js';

export function presentToken(t: ApiTokenRecord): ApiToken {
  return {
    id: t.id,
    name: t.name,
    scope: t.scope,
    prefix: t.prefix,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    createdAt: t.createdAt,
  };
}

/** Named, scoped, expiring API tokens. The secret is returned once and stored only as a hash. */
export class TokensService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async createToken(principal: UserPrincipal, input: ApiTokenCreate): Promise<ApiTokenCreated> {
    authorize(principal, 'token.create', { scope: input.scope });
    const now = this.clock.now();
    const secret = randomSecret(TOKEN_PREFIX);
    const record: ApiTokenRecord = {
      id: newId('apiToken'),
      userId: principal.userId,
      name: input.name,
      scope: input.scope,
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      expiresAt:
        input.expiresInDays === null
          ? null
          : new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      createdAt: now.toISOString(),
    };
    await this.uow.transaction(async (r) => {
      await r.tokens.insert({ ...record, tokenHash: sha256Hex(secret) });
      await recordAudit(
        r,
        principal,
        'token.created',
        {
          targetType: 'api_token',
          targetId: record.id,
          data: { name: record.name, scope: record.scope, expiresAt: record.expiresAt },
        },
        now,
      );
    });
    return { token: presentToken(record), secret };
  }

  async listTokens(principal: UserPrincipal): Promise<ApiToken[]> {
    authorize(principal, 'token.list', { ownerId: principal.userId });
    return (await this.uow.read.tokens.listForUser(principal.userId)).map(presentToken);
  }

  async revokeToken(principal: UserPrincipal, tokenId: string): Promise<void> {
    const token = await this.uow.read.tokens.findById(tokenId);
    // Someone else's token is reported as missing, not forbidden: ids are not to be probed.
    if (!token || (token.userId !== principal.userId && !principal.globalRoles.has('admin')))
      throw notFound('API token', tokenId);
    authorize(principal, 'token.revoke', { ownerId: token.userId });
    const now = this.clock.now();
    await this.uow.transaction(async (r) => {
      await r.tokens.revoke(token.id, now.toISOString());
      await recordAudit(
        r,
        principal,
        'token.revoked',
        { targetType: 'api_token', targetId: token.id, data: { name: token.name } },
        now,
      );
    });
  }
}
