// Three members' scopes for tests of what a member may change: a broker, a colleague of the same office
// in no team of his (he sees only his own), and a broker of another office.
import type { Scope } from '../../core/shared/scope.ts';
import type { TestDatabase } from './test-db.ts';

export interface BrokerScopes {
  broker: Scope;
  colleague: Scope;
  stranger: Scope;
}

/** Two offices (slugs `<slug>-a` and `<slug>-b`); phones +9665000000<n>, n from `firstPhone` on. */
export async function brokerScopes(t: TestDatabase, slug: string, firstPhone: number): Promise<BrokerScopes> {
  const org = await t.db.organization.create({ data: { name: slug, slug: `${slug}-a` } });
  const other = await t.db.organization.create({ data: { name: `${slug} other`, slug: `${slug}-b` } });
  const user = async (organizationId: string, n: number) => {
    const phone = `+9665000000${n}`;
    return (await t.db.user.create({ data: { organizationId, phone, name: phone } })).id;
  };
  const colleagueId = await user(org.id, firstPhone + 1);
  return {
    broker: { organizationId: org.id, userId: await user(org.id, firstPhone), role: 'broker' },
    colleague: { organizationId: org.id, userId: colleagueId, role: 'broker', visibleUserIds: [colleagueId] },
    stranger: { organizationId: other.id, userId: await user(other.id, firstPhone + 2), role: 'broker' },
  };
}
