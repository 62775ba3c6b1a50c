import { Me } from '@clearinghouse/shared';
import type { Command } from 'commander';
import { action, type CliIo, type CommandContext, type Session } from '../context.js';
import { fields, table } from '../output.js';

export function registerWhoami(program: Command, io: CliIo): void {
  program
    .command('whoami')
    .summary('show who the saved token belongs to')
    .description('Show the account the token belongs to: roles, memberships, two-factor and token scope.')
    .action(action(io, whoami));
}

async function whoami(context: CommandContext): Promise<void> {
  const session = await context.session();
  const { data: me } = await context.client(session.server, session.token).get('/api/v1/me', Me);
  context.out.result(me, () => describeMe(me, session));
}

function describeMe(me: Me, session: Session): string {
  const twoFactor = me.totpEnabled
    ? 'on'
    : me.mfaEnrollmentRequired
      ? 'off (required for your roles: enrol in the web app)'
      : 'off';
  const scope = me.tokenScope ?? '-';
  const lines = [
    fields([
      ['Name', me.name],
      ['Email', me.email],
      ['Clearinghouse roles', me.globalRoles.length === 0 ? 'none' : me.globalRoles.join(', ')],
      ['Two-factor', twoFactor],
      ['Token scope', session.source === 'environment' ? `${scope} (from CLEARINGHOUSE_TOKEN)` : scope],
      ['Server', session.server],
      ['Memberships', me.memberships.length === 0 ? 'none' : ''],
    ]).trimEnd(),
  ];
  if (me.memberships.length > 0) {
    const rows = me.memberships.map((m) => [m.organization.name, m.organization.kind, m.role]);
    lines.push(
      table(['ORGANIZATION', 'KIND', 'ROLE'], rows)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
  }
  return lines.join('\n');
}
