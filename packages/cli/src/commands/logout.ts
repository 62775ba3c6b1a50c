import type { Command } from 'commander';
import { ApiError } from '../api-client.js';
import { writeConfigFile } from '../config-file.js';
import { action, normalizeServerUrl, type CliIo, type CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

/** What became of the saved token. */
type Outcome = 'revoked' | 'already_invalid' | 'not_revoked' | 'not_logged_in';

export function registerLogout(program: Command, io: CliIo): void {
  program
    .command('logout')
    .summary('revoke the saved API token and remove it from the config file')
    .description(
      'Revoke the saved API token on the server it was issued by, and remove it from the config file. ' +
        'A token that is already revoked or expired is simply removed. When the server cannot be ' +
        'reached the token is kept, so that logging out can be tried again.',
    )
    .action(action(io, logout));
}

async function logout(context: CommandContext): Promise<void> {
  const config = await context.config();
  const path = context.configPath;
  const server =
    config.server === undefined
      ? await context.server()
      : normalizeServerUrl(config.server, `"server" in ${path}`, ExitCode.Auth);
  if (context.env.token !== undefined) {
    context.out.warn('CLEARINGHOUSE_TOKEN is set: logout does not revoke it; unset it yourself');
  }

  let outcome: Outcome;
  if (config.token === undefined) {
    outcome = 'not_logged_in';
  } else if (config.tokenId === undefined) {
    outcome = 'not_revoked';
  } else {
    try {
      await context
        .client(server, config.token)
        .send('DELETE', `/api/v1/tokens/${encodeURIComponent(config.tokenId)}`);
      outcome = 'revoked';
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
        outcome = 'already_invalid';
      } else {
        context.out.warn(`the token was not revoked and is still saved in ${path}; try again later`);
        throw error;
      }
    }
  }
  if (outcome !== 'not_logged_in') {
    await writeConfigFile(path, { server: config.server, email: config.email });
  }

  const tokenId = config.tokenId ?? null;
  context.out.result({ server, outcome, tokenId, configPath: path }, () => {
    switch (outcome) {
      case 'not_logged_in':
        return `Not logged in to ${server}; nothing to do.`;
      case 'revoked':
        return `Logged out of ${server}: token ${tokenId ?? ''} revoked and removed from ${path}.`;
      case 'already_invalid':
        return `Logged out of ${server}: the token was already revoked or expired; removed from ${path}.`;
      case 'not_revoked':
        return (
          `Logged out of ${server}: token removed from ${path}, but not revoked (its id is unknown) — ` +
          'revoke it in the web app.'
        );
    }
  });
}
