import type { Config } from "../../config";

export const PROVIDER_IDS = ["google", "github", "oidc"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type ConfiguredProvider = { id: ProviderId; label: string; clientId: string; clientSecret: string };

export const isProviderId = (value: string): value is ProviderId => (PROVIDER_IDS as readonly string[]).includes(value);

/** The providers with credentials in the configuration, in the order their buttons appear. */
export function configuredProviders(config: Config): ConfiguredProvider[] {
  const found: ConfiguredProvider[] = [];
  if (config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET) {
    found.push({ id: "google", label: "Google", clientId: config.GOOGLE_CLIENT_ID, clientSecret: config.GOOGLE_CLIENT_SECRET });
  }
  if (config.GITHUB_CLIENT_ID && config.GITHUB_CLIENT_SECRET) {
    found.push({ id: "github", label: "GitHub", clientId: config.GITHUB_CLIENT_ID, clientSecret: config.GITHUB_CLIENT_SECRET });
  }
  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET) {
    found.push({ id: "oidc", label: config.OIDC_NAME, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET });
  }
  return found;
}

export const providerLabel = (config: Config, id: string) =>
  configuredProviders(config).find((provider) => provider.id === id)?.label ?? ({ google: "Google", github: "GitHub", oidc: config.OIDC_NAME } as Record<string, string>)[id] ?? id;
