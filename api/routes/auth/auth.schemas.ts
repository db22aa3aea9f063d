// What the sign-in endpoints accept. Sizes are small: a phone, a code, an office slug.
import { z } from 'zod';

/** The largest body read by the sign-in endpoints, in bytes. */
export const MAX_AUTH_BODY_BYTES = 2 * 1024;

export const officeSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'org must be an office slug (lowercase letters, digits and -)');

export const otpRequestSchema = z.object({
  phone: z.string().trim().min(3).max(40),
  org: officeSlug.optional(),
});

export const otpVerifySchema = z.object({
  phone: z.string().trim().min(3).max(40),
  // 6 digits, in any digits the keyboard gives (Arabic-Indic included); core reads them
  code: z.string().trim().min(1).max(20),
  org: officeSlug.optional(),
});

export type OtpRequestBody = z.infer<typeof otpRequestSchema>;
export type OtpVerifyBody = z.infer<typeof otpVerifySchema>;
