/** AES-256-GCM sealing of authenticator secrets at rest; the key is derived from TOTP_ENCRYPTION_KEY. */
const encoder = new TextEncoder();

async function keyFrom(material: string): Promise<CryptoKey> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`grocer-totp:${material}`));
  return crypto.subtle.importKey("raw", digest, "AES-GCM", false, ["encrypt", "decrypt"]);
}

const b64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("base64url");

export async function seal(plain: string, keyMaterial: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await keyFrom(keyMaterial), encoder.encode(plain));
  return `v1.${b64(iv)}.${b64(sealed)}`;
}

export async function unseal(sealed: string, keyMaterial: string): Promise<string> {
  const [version, iv, body] = sealed.split(".");
  if (version !== "v1" || !iv || !body) throw new Error("unknown sealed secret format");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: Buffer.from(iv, "base64url") },
    await keyFrom(keyMaterial),
    Buffer.from(body, "base64url"),
  );
  return new TextDecoder().decode(plain);
}
