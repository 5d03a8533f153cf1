import type { PasswordHasher } from "../http/env";

export type { PasswordHasher };

/*
 * Password hashing for Bun, behind the `PasswordHasher` interface (src/http/env.ts).
 * Hashes are argon2id in the standard PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash),
 * which any argon2 library can verify.
 */

/** OWASP's argon2id minimum: 19 MiB memory, 2 iterations, 1 lane. Every runtime hashes with these. */
export const ARGON2ID = { algorithm: "argon2id", memoryCost: 19456, timeCost: 2, parallelism: 1, hashLength: 32, saltLength: 32 } as const;

export const bunPasswordHasher: PasswordHasher = {
  hash: (password) => Bun.password.hash(password, { algorithm: ARGON2ID.algorithm, memoryCost: ARGON2ID.memoryCost, timeCost: ARGON2ID.timeCost }),
  async verify(password, hash) {
    try {
      return await Bun.password.verify(password, hash);
    } catch {
      return false;
    }
  },
};
