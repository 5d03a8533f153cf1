import Argon2, { Argon2Type, Argon2Version, generateSalt } from "@phi-ag/argon2";
import { ARGON2ID, type PasswordHasher } from "./passwords";

/**
 * argon2id in WebAssembly for runtimes without Bun.password (Workers). Same parameters and the same
 * PHC strings as Bun, so an account created on one runtime logs in on the other.
 * The caller instantiates the module: Workers forbid compiling WebAssembly from bytes at run time,
 * so there it comes from a `.wasm` import; on Bun (tests) from the file.
 */
export function wasmPasswordHasher(instance: WebAssembly.Instance): PasswordHasher {
  const argon2 = new Argon2(instance);
  return {
    async hash(password) {
      return argon2.hash(password, {
        type: Argon2Type.Argon2id,
        version: Argon2Version.Version13,
        memoryCost: ARGON2ID.memoryCost,
        timeCost: ARGON2ID.timeCost,
        parallelism: ARGON2ID.parallelism,
        hashLength: ARGON2ID.hashLength,
        salt: generateSalt(ARGON2ID.saltLength),
      }).encoded;
    },
    async verify(password, hash) {
      if (!hash.startsWith("$argon2id$")) return false;
      return argon2.tryVerify(hash, password, Argon2Type.Argon2id).success;
    },
  };
}
