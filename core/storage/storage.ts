// The storage port: where photos and documents are kept. Local files under STORAGE_DIR by default;
// any other store (an S3-compatible bucket) implements the same three calls.
export interface Storage {
  put(key: string, bytes: Uint8Array, mimeType: string): Promise<void>;
  get(key: string): Promise<{ bytes: Uint8Array; mimeType: string } | null>;
  delete(key: string): Promise<void>;
}

/** Keys are ours (never user input): organization/kind/uuid.ext. */
export function storageKey(
  organizationId: string,
  kind: 'property' | 'document' | 'report',
  id: string,
  mimeType: string,
): string {
  const ext =
    { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' }[mimeType] ?? 'bin';
  return `${organizationId}/${kind}/${id}.${ext}`;
}
