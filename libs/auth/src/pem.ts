import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export type AsymmetricAlgorithm = 'RS256' | 'ES256';

/**
 * PEM keys often travel through env files and CI secrets as one line with
 * literal "\n"; accept that form so nobody has to fight their shell.
 */
function normalisePem(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}

export function readPublicKey(pem: string): KeyObject {
  try {
    return createPublicKey(normalisePem(pem));
  } catch (error) {
    throw new Error(`JWT public key is not a readable PEM key: ${(error as Error).message}`);
  }
}

export function readPrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(normalisePem(pem));
  } catch (error) {
    throw new Error(`JWT private key is not a readable PEM key: ${(error as Error).message}`);
  }
}

/**
 * The one algorithm a key may be used with. Pinning it from the key type (rather
 * than trusting the token header) closes the algorithm-confusion door.
 */
export function algorithmForKey(key: KeyObject): AsymmetricAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ES256';
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  throw new Error(
    `unsupported JWT key type ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` (${curve})` : ''}: ` +
      'use an RSA key (RS256) or an EC P-256 key (ES256)',
  );
}
