import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Ed25519 keys of the checkpoint signer, named as C2SP signed-note keys:
 * key hash = SHA-256(name || "\n" || 0x01 || public key)[:4], verifier key
 * ("vkey") = `<name>+<key hash hex>+<base64(0x01 || public key)>`.
 *
 * The private key never enters the database. It comes from DANCU_AUDIT_KEY (base64 of
 * a PKCS#8 DER Ed25519 key; give every API process of one log the same value) or else
 * from `<data dir>/audit-key.pem`, created with mode 0600 on first use.
 */
export interface AuditSigner {
  /** The log's origin, `dancu.audit/<instance>` (DANCU_AUDIT_INSTANCE, default "local"). */
  name: string;
  /** `<name>+<key hash hex>`. */
  keyId: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
  /** The verifier key string a third party pins. */
  vkey: string;
  sign(message: Buffer): Buffer;
}

const ALG_ED25519 = 0x01;

/** The 4-byte C2SP key hash of a (name, Ed25519 public key). */
export const keyHash = (name: string, publicKey: Buffer) =>
  createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([ALG_ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);

export const keyIdOf = (name: string, publicKey: Buffer) =>
  `${name}+${keyHash(name, publicKey).toString('hex')}`;

export const vkeyOf = (name: string, publicKey: Buffer) =>
  `${keyIdOf(name, publicKey)}+${Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]).toString('base64')}`;

/** Parses a vkey back into its name and raw public key; throws when malformed. */
export function parseVkey(vkey: string): { name: string; keyId: string; publicKey: Buffer } {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim());
  const raw = m ? Buffer.from(m[3] as string, 'base64') : Buffer.alloc(0);
  if (!m || raw.length !== 33 || raw[0] !== ALG_ED25519)
    throw new Error(`not an Ed25519 verifier key: ${vkey}`);
  const name = m[1] as string;
  const publicKey = raw.subarray(1);
  if (keyHash(name, publicKey).toString('hex') !== m[2])
    throw new Error(`verifier key hash does not match: ${vkey}`);
  return { name, keyId: `${name}+${m[2]}`, publicKey };
}

const rawPublic = (key: KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');

/** A KeyObject for a raw Ed25519 public key. */
export const publicKeyObject = (raw: Buffer) =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });

/** Checks an Ed25519 signature with a raw public key. */
export const verifySignature = (publicKey: Buffer, message: Buffer, signature: Buffer) =>
  signature.length === 64 && verify(null, message, publicKeyObject(publicKey), signature);

export interface SignerOptions {
  /** Folder holding audit-key.pem when DANCU_AUDIT_KEY is unset. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}

/** The local private key, or undefined when there is none (never creates one). */
export function findPrivateKey(opts: SignerOptions): KeyObject | undefined {
  const env = opts.env ?? process.env;
  if (env.DANCU_AUDIT_KEY) {
    const key = createPrivateKey({
      key: Buffer.from(env.DANCU_AUDIT_KEY, 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('DANCU_AUDIT_KEY must be an Ed25519 PKCS#8 key');
    return key;
  }
  const file = path.join(opts.dataDir, 'audit-key.pem');
  return existsSync(file) ? createPrivateKey(readFileSync(file, 'utf8')) : undefined;
}

/**
 * The signer of this log: the key of DANCU_AUDIT_KEY or `<dataDir>/audit-key.pem`
 * (generated, mode 0600, when absent). Does not touch the database; see
 * `registerSigner` in checkpoint.service.ts.
 */
export function loadSigner(opts: SignerOptions): AuditSigner {
  const env = opts.env ?? process.env;
  const instance = env.DANCU_AUDIT_INSTANCE || 'local';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(instance))
    throw new Error(`DANCU_AUDIT_INSTANCE must be 1–64 of A-Z a-z 0-9 . _ -, got "${instance}"`);
  let key = findPrivateKey(opts);
  if (!key) {
    const pair = generateKeyPairSync('ed25519');
    const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const file = path.join(opts.dataDir, 'audit-key.pem');
    mkdirSync(opts.dataDir, { recursive: true });
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      key = pair.privateKey;
    } catch {
      key = createPrivateKey(readFileSync(file, 'utf8')); // another process was first
    }
  }
  const name = `dancu.audit/${instance}`;
  const publicKey = rawPublic(createPublicKey(key));
  const privateKey = key;
  return {
    name,
    keyId: keyIdOf(name, publicKey),
    publicKey,
    vkey: vkeyOf(name, publicKey),
    sign: (message) => sign(null, message, privateKey),
  };
}
