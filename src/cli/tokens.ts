import { Command } from 'commander';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, systemActor } from '../modules/access/index.js';
import { withServices } from '../runtime.js';

export function tokensCommand() {
  const tokens = new Command('tokens').description('Manage personal API tokens');
  tokens
    .command('create')
    .description('Create a personal API token for a user. The token is printed once, alone on the last line.')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'API token')
    .option('--expires-days <days>', `days until the token stops working, 1 to ${MAX_TOKEN_DAYS}`, String(DEFAULT_TOKEN_DAYS))
    .option('--read-only', 'the token may only read (GET), never change anything', false)
    .option(
      '--partnership <partnership>',
      'limit the token to one of the user’s partnerships: id, or a part of its name that matches only one',
    )
    .action(async (opts: { email: string; name: string; expiresDays: string; readOnly: boolean; partnership?: string }) => {
      if (!/^\d+$/.test(opts.expiresDays)) throw new Error(`--expires-days must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}`);
      await withServices(async (services) => {
        const user = await services.access.findUserByEmail(opts.email);
        if (!user) throw new Error(`No user has the e-mail ${opts.email}`);
        const partnership = opts.partnership ? await services.partnerships.resolvePartnership(opts.partnership) : null;
        const token = await services.access.createToken(systemActor, user.id, opts.name, 'api', {
          expiresInDays: Number(opts.expiresDays),
          readOnly: opts.readOnly,
          partnershipId: partnership?.id ?? null,
        });
        const limits = [
          opts.readOnly ? 'read-only' : 'read and change',
          partnership ? `${partnership.name} only` : 'all the user’s partnerships',
          `expires ${token.expiresAt!.toISOString().slice(0, 10)}`,
        ].join(', ');
        console.log(`Created token ${token.prefix}… for ${user.email} (${limits}). Keep it secret; it is shown only once.`);
        console.log('Send it as: Authorization: Bearer <token>');
        console.log(token.secret);
      });
    });
  tokens
    .command('revoke')
    .description('Revoke API tokens: one by its prefix (as printed when created), or all of a user’s')
    .option('--prefix <prefix>', 'the token’s first characters, for example shub_AbCd1234')
    .option('--email <email>', 'revoke every token of this user')
    .action(async (opts: { prefix?: string; email?: string }) => {
      if (!opts.prefix && !opts.email) throw new Error('Give --prefix or --email');
      await withServices(async (services) => {
        let userId: number | undefined;
        if (opts.email) {
          const user = await services.access.findUserByEmail(opts.email);
          if (!user) throw new Error(`No user has the e-mail ${opts.email}`);
          userId = user.id;
        }
        const revoked = await services.access.revokeTokens(systemActor, { prefix: opts.prefix?.replace(/…$/, ''), userId });
        if (revoked.length === 0) throw new Error('No active token matches');
        console.log(`Revoked ${revoked.length} token${revoked.length === 1 ? '' : 's'}.`);
      });
    });
  return tokens;
}
