// The demo organization of the README: idempotent (natural keys and upserts), so seeding twice
// leaves one copy, and it never deletes or overwrites what a user changed afterwards except the
// demo rows' own defining fields.
import type { Db } from '../core/db/client.ts';
import { hashPassword, randomPassword } from '../core/shared/password.ts';

export const DEMO_ORG_SLUG = 'nova-demo';
export const DEMO = {
  organization: 'مكتب نوفا العقاري',
  saad: { name: 'سعد', nameEn: 'Saad', phone: '+966500000001', email: 'saad@nova.test' },
  layla: { name: 'ليلى', nameEn: 'Layla', phone: '+966500000002', email: 'layla@nova.test' },
  owner: { name: 'أبو عبدالله', phone: '+966511111111' },
} as const;

/** Sunday–Thursday 09:00–13:00 and 16:00–21:00, Saturday 16:00–21:00, Friday off. */
const DEMO_HOURS: Array<{
  weekday: number;
  startTime: string;
  endTime: string;
  breakStart?: string;
  breakEnd?: string;
}> = [
  ...[0, 1, 2, 3, 4].map((weekday) => ({
    weekday,
    startTime: '09:00',
    endTime: '21:00',
    breakStart: '13:00',
    breakEnd: '16:00',
  })),
  { weekday: 6, startTime: '16:00', endTime: '21:00' },
];

export interface SeedResult {
  organizationId: string;
  created: boolean;
  /** set only when the users were created now and no DEMO_PASSWORD was given: print it once */
  generatedPassword?: string;
}

export async function seedDemo(db: Db, options: { password?: string } = {}): Promise<SeedResult> {
  const existing = await db.organization.findUnique({ where: { slug: DEMO_ORG_SLUG } });
  const org =
    existing ??
    (await db.organization.create({
      data: { name: DEMO.organization, slug: DEMO_ORG_SLUG, timeZone: 'Asia/Riyadh', city: 'Riyadh' },
    }));
  const organizationId = org.id;

  const generatedPassword = options.password ? undefined : randomPassword();
  const password = options.password ?? generatedPassword!;
  const passwordHash = await hashPassword(password);
  let usersCreated = false;

  const upsertUser = async (u: { name: string; phone: string; email: string }, role: 'manager' | 'broker') => {
    const found = await db.user.findUnique({ where: { organizationId_phone: { organizationId, phone: u.phone } } });
    if (found) {
      // An explicit DEMO_PASSWORD is applied again; a generated one is never rotated behind the user's back.
      if (options.password) await db.user.update({ where: { id: found.id }, data: { passwordHash } });
      return found;
    }
    usersCreated = true;
    return db.user.create({
      data: {
        organizationId,
        name: u.name,
        phone: u.phone,
        email: u.email,
        role,
        passwordHash,
        phoneVerified: true,
        emailVerified: true,
        company: DEMO.organization,
        city: 'Riyadh',
      },
    });
  };
  const saad = await upsertUser(DEMO.saad, 'manager');
  const layla = await upsertUser(DEMO.layla, 'broker');

  const team =
    (await db.team.findFirst({ where: { organizationId, managerId: saad.id } })) ??
    (await db.team.create({ data: { organizationId, name: 'فريق سعد', managerId: saad.id } }));
  for (const [user, role] of [
    [saad, 'manager'],
    [layla, 'broker'],
  ] as const) {
    const member = await db.teamMember.upsert({
      where: { teamId_userId: { teamId: team.id, userId: user.id } },
      update: {},
      create: { organizationId, teamId: team.id, userId: user.id, role },
    });
    for (const module of ['crm', 'properties', 'calendar', 'tasks', 'analytics', 'settings'] as const) {
      const manager = role === 'manager';
      const flags = {
        canView: true,
        canCreate: module !== 'settings' || manager,
        canEdit: module !== 'settings' || manager,
        canDelete: manager,
        canExport: manager,
        canPublish: module === 'properties',
        canAssign: manager,
        canViewAll: manager,
      };
      await db.permission.upsert({
        where: { teamMemberId_module: { teamMemberId: member.id, module } },
        update: {},
        create: { organizationId, teamMemberId: member.id, module, ...flags },
      });
    }
  }

  for (const user of [saad, layla]) {
    for (const h of DEMO_HOURS) {
      await db.workingHours.upsert({
        where: { userId_weekday: { userId: user.id, weekday: h.weekday } },
        update: {},
        create: { organizationId, userId: user.id, ...h },
      });
    }
  }

  if (!(await db.commissionTier.findFirst({ where: { organizationId } }))) {
    await db.commissionTier.create({ data: { organizationId, name: 'default', minAmount: 0, rate: 2.5 } });
  }

  const owner = await db.customer.upsert({
    where: { organizationId_phone: { organizationId, phone: DEMO.owner.phone } },
    update: {},
    create: {
      organizationId,
      name: DEMO.owner.name,
      searchName: 'ابو عبدالله',
      phone: DEMO.owner.phone,
      category: 'seller',
      status: 'interested',
      createdById: saad.id,
      assignedToId: saad.id,
      source: 'demo',
    },
  });

  const properties = [
    {
      refNumber: 1,
      title: 'فيلا للبيع في النرجس',
      propertyType: 'villa' as const,
      listingType: 'sale' as const,
      city: 'Riyadh',
      district: 'النرجس',
      area: 450,
      bedrooms: 5,
      bathrooms: 5,
      price: 2_300_000,
      ownerCustomerId: owner.id,
      mapsUrl: 'https://maps.google.com/?q=24.8406,46.6606',
      latitude: 24.8406,
      longitude: 46.6606,
    },
    {
      refNumber: 2,
      title: 'شقة للإيجار في الملقا',
      propertyType: 'apartment' as const,
      listingType: 'rent' as const,
      rentPeriod: 'yearly' as const,
      city: 'Riyadh',
      district: 'الملقا',
      area: 180,
      bedrooms: 3,
      bathrooms: 2,
      price: 65_000,
      mapsUrl: 'https://maps.google.com/?q=24.8110,46.6140',
      latitude: 24.811,
      longitude: 46.614,
    },
    {
      refNumber: 3,
      title: 'أرض للبيع في أبحر الشمالية',
      propertyType: 'land' as const,
      listingType: 'sale' as const,
      city: 'Jeddah',
      district: 'ابحر الشمالية',
      area: 900,
      price: 1_800_000,
      mapsUrl: 'https://maps.google.com/?q=21.7560,39.1180',
      latitude: 21.756,
      longitude: 39.118,
    },
  ];
  for (const p of properties) {
    const property = await db.property.upsert({
      where: { organizationId_refNumber: { organizationId, refNumber: p.refNumber } },
      update: {},
      create: { organizationId, userId: saad.id, status: 'active', isPublished: true, source: 'demo', ...p },
    });
    // Each listing is carried by an offer, so that clients' requests are matched against it.
    if (!(await db.offer.findFirst({ where: { propertyId: property.id } }))) {
      const summary = {
        title: p.title,
        propertyType: p.propertyType,
        listingType: p.listingType,
        city: p.city,
        district: p.district,
        price: p.price,
        area: p.area,
        bedrooms: 'bedrooms' in p ? p.bedrooms : undefined,
        bathrooms: 'bathrooms' in p ? p.bathrooms : undefined,
      };
      await db.offer.create({
        data: {
          organizationId,
          userId: saad.id,
          propertyId: property.id,
          propertyType: p.propertyType,
          listingType: p.listingType,
          city: p.city,
          district: p.district,
          price: p.price,
          area: p.area,
          bedrooms: summary.bedrooms,
          bathrooms: summary.bathrooms,
          summary,
          fullDetails: {
            ...summary,
            refNumber: p.refNumber,
            brokerName: DEMO.saad.name,
            brokerPhone: DEMO.saad.phone,
            ...(p.ownerCustomerId ? { ownerName: DEMO.owner.name, ownerPhone: DEMO.owner.phone } : {}),
          },
        },
      });
    }
  }
  // Reference numbers continue after the demo's three.
  await db.organization.updateMany({
    where: { id: organizationId, nextPropertyRef: { lt: 4 } },
    data: { nextPropertyRef: 4 },
  });

  for (const kind of ['web', 'console'] as const) {
    await db.channelAccount.upsert({
      where: { kind_externalId: { kind, externalId: DEMO_ORG_SLUG } },
      update: {},
      create: {
        organizationId,
        kind,
        externalId: DEMO_ORG_SLUG,
        displayName: DEMO.organization,
        connectionState: 'connected',
      },
    });
  }

  return {
    organizationId,
    created: !existing,
    generatedPassword: usersCreated && generatedPassword ? generatedPassword : undefined,
  };
}
