// The customers module: leads and clients of an organization (the design documents' customers table).
import { z } from 'zod';

export const CUSTOMER_CATEGORIES = ['buyer', 'seller', 'tenant', 'landlord', 'investor'] as const;
export const INTEREST_LEVELS = ['cold', 'warm', 'hot', 'very_hot'] as const;
export const CUSTOMER_STATUSES = [
  'new',
  'contacted',
  'interested',
  'negotiating',
  'closed',
  'lost',
  'inactive',
] as const;

export type CustomerCategory = (typeof CUSTOMER_CATEGORIES)[number];
export type InterestLevel = (typeof INTEREST_LEVELS)[number];
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export interface Customer {
  id: string;
  organizationId: string;
  name: string;
  phone: string | null;
  email: string | null;
  category: CustomerCategory;
  interestLevel: InterestLevel;
  status: CustomerStatus;
  source: string | null;
  isVip: boolean;
  budgetMin: number | null;
  budgetMax: number | null;
  preferredCities: string[];
  preferredDistricts: string[];
  propertyTypes: string[];
  notes: string | null;
  assignedToId: string | null;
  createdById: string | null;
  lastContact: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type { Scope } from '../shared/scope.ts';

const sar = z.number().int().positive().max(2_000_000_000);
const name = z.string().trim().min(1).max(200);

export const newCustomerSchema = z
  .object({
    name,
    /** any spelling; stored in E.164 */
    phone: z.string().trim().min(1).max(40).optional(),
    email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
    category: z.enum(CUSTOMER_CATEGORIES).optional(),
    interestLevel: z.enum(INTEREST_LEVELS).optional(),
    status: z.enum(CUSTOMER_STATUSES).optional(),
    source: z.string().trim().max(100).optional(),
    budgetMin: sar.optional(),
    budgetMax: sar.optional(),
    preferredCities: z.array(z.string().trim().min(1)).max(20).optional(),
    preferredDistricts: z.array(z.string().trim().min(1)).max(50).optional(),
    propertyTypes: z.array(z.string().trim().min(1)).max(20).optional(),
    notes: z.string().max(5_000).optional(),
    assignedToId: z.uuid().optional(),
  })
  .refine((c) => c.budgetMin === undefined || c.budgetMax === undefined || c.budgetMin <= c.budgetMax, {
    message: 'budgetMin must not exceed budgetMax',
    path: ['budgetMin'],
  });

export type NewCustomer = z.input<typeof newCustomerSchema>;

export const customerPatchSchema = z
  .object({
    name: name.optional(),
    phone: z.string().trim().min(1).max(40).optional(),
    email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
    category: z.enum(CUSTOMER_CATEGORIES).optional(),
    interestLevel: z.enum(INTEREST_LEVELS).optional(),
    status: z.enum(CUSTOMER_STATUSES).optional(),
    isVip: z.boolean().optional(),
    budgetMin: sar.nullable().optional(),
    budgetMax: sar.nullable().optional(),
    preferredCities: z.array(z.string().trim().min(1)).max(20).optional(),
    preferredDistricts: z.array(z.string().trim().min(1)).max(50).optional(),
    propertyTypes: z.array(z.string().trim().min(1)).max(20).optional(),
    notes: z.string().max(5_000).optional(),
    assignedToId: z.uuid().nullable().optional(),
    lastContact: z.date().optional(),
  })
  .strict();

export type CustomerPatch = z.input<typeof customerPatchSchema>;

export type CustomerErrorCode =
  | 'CUSTOMER.INVALID_INPUT'
  | 'CUSTOMER.INVALID_PHONE'
  | 'CUSTOMER.DUPLICATE_PHONE'
  | 'CUSTOMER.NOT_FOUND';

/** What the repository stores: validated, phone in E.164, search key derived. */
export interface CustomerRecord {
  /** from the clock, so that reports on a scenario's clock count it in its week */
  createdAt?: Date;
  name: string;
  searchName: string;
  phone?: string;
  email?: string;
  category?: CustomerCategory;
  interestLevel?: InterestLevel;
  status?: CustomerStatus;
  source?: string;
  isVip?: boolean;
  budgetMin?: number | null;
  budgetMax?: number | null;
  preferredCities?: string[];
  preferredDistricts?: string[];
  propertyTypes?: string[];
  notes?: string;
  assignedToId?: string | null;
  createdById?: string;
  lastContact?: Date;
}

export interface CustomerSearch {
  /** a name or part of it, any spelling of the Arabic letter forms */
  text?: string;
  /** restrict to customers assigned to these users (a broker sees his own and his team's) */
  assignedToIds?: string[];
  status?: CustomerStatus;
  /** only these customers */
  ids?: string[];
  /**
   * open customers (not closed, lost or deleted) last contacted before this instant, or never and added
   * before it: the ones gone quiet, the longest quiet first
   */
  contactedBefore?: Date;
  limit?: number;
}

export interface ActivityEntry {
  customerId: string;
  userId?: string;
  type: string;
  description: string;
  metadata?: Record<string, unknown>;
}

export interface ActivityRow {
  type: string;
  description: string;
  createdAt: Date;
}

/** A planned contact with the customer (a new lead is called the next morning). */
export interface FollowupEntry {
  customerId: string;
  userId?: string;
  dueAt: Date;
  type: string;
}

/** A contact that happened (a call the broker reports). */
export interface InteractionEntry {
  customerId: string;
  userId?: string;
  type: 'call' | 'whatsapp' | 'email' | 'meeting' | 'viewing' | 'sms' | 'other';
  summary: string;
  occurredAt: Date;
}
