/**
 * Prints a development access token for the embedded default, signed with the local secret in
 * DATA_DIR (the API verifies with the same secret):
 *   npm run token -- --role link-worker --sub worker-1 --schools school-1,school-2 [--expires 8h]
 */
import { parseArgs } from 'node:util';
import { isRole, loadConfig, ROLES, TokenService } from '@app/application';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      schools: { type: 'string', default: '' },
      expires: { type: 'string', default: '8h' },
    },
  });
  if (!isRole(values.role) || !values.sub) {
    console.error(
      `Usage: npm run token -- --role <${ROLES.join('|')}> --sub <user id> [--schools a,b] [--expires 8h]`,
    );
    process.exit(2);
  }
  const config = loadConfig();
  if (config.auth.kind !== 'local') {
    console.error(
      'AUTH_JWKS_URL is set: tokens come from your identity provider, not from this command.',
    );
    process.exit(2);
  }
  const schools = (values.schools ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  console.log(
    await new TokenService(config.auth).issue(
      { sub: values.sub, role: values.role, schools },
      values.expires,
    ),
  );
}

void main();
