import { Command, Option } from 'commander';
import { partnershipRoles, systemActor } from '../modules/access/index.js';
import { withServices } from '../runtime.js';
import { readSecret } from './context.js';

export function usersCommand() {
  const users = new Command('users').description('Manage user accounts');
  users
    .command('create')
    .description('Create a user. The password is read from standard input (typed without echo at a terminal).')
    .requiredOption('--email <email>', 'the person’s e-mail address; they sign in with it')
    .requiredOption('--agency <agency>', 'their agency: its id, or a part of its name that matches only one')
    .option('--name <name>', 'their name as shown in SaferHub (default: the part of the e-mail before @)')
    .addOption(new Option('--role <role>', 'their role in --partnership').choices([...partnershipRoles]))
    .option('--partnership <partnership>', 'the partnership the role is in: id, or a part of its name that matches only one')
    .option('--admin', 'make them a system administrator', false)
    .addHelpText(
      'after',
      '\nExample:\n  echo "a long password" | saferhub users create --email sam@council.example --agency "southampton city" --role coordinator --partnership "safe city"',
    )
    .action(
      async (opts: {
        email: string;
        agency: string;
        name?: string;
        role?: (typeof partnershipRoles)[number];
        partnership?: string;
        admin: boolean;
      }) => {
        if (Boolean(opts.role) !== Boolean(opts.partnership)) throw new Error('Give --role and --partnership together');
        await withServices(async (services) => {
          const agency = await services.partnerships.resolveAgency(opts.agency);
          const partnership = opts.partnership ? await services.partnerships.resolvePartnership(opts.partnership) : null;
          const password = await readSecret('Password: ');
          const user = await services.access.createUser(systemActor, {
            email: opts.email,
            displayName: opts.name ?? opts.email.split('@')[0]!,
            agencyId: agency.id,
            password,
            isAdmin: opts.admin,
            roles: partnership && opts.role ? [{ partnershipId: partnership.id, role: opts.role }] : [],
          });
          console.log(
            `Created user ${user.id} (${user.email}) in ${agency.name}${partnership ? `, ${opts.role} of ${partnership.name}` : ''}${opts.admin ? ', administrator' : ''}.`,
          );
        });
      },
    );
  users
    .command('reset-second-factor')
    .description('Remove a person’s second factor (a lost phone), for when no administrator can sign in to do it. Audited.')
    .requiredOption('--email <email>', 'the person’s e-mail address')
    .action(async (opts: { email: string }) => {
      await withServices(async (services) => {
        const { displayName } = await services.access.resetSecondFactorByEmail(systemActor, opts.email);
        console.log(
          `Removed ${displayName}’s second factor and ended their sessions. They set up a new one at their next sign-in if they must have one.`,
        );
      });
    });
  return users;
}
