import Bowser from "bowser";

/** "Firefox on Linux", "curl", or "Unknown device": how a sign-in's user agent is shown to its owner. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const os = parsed.os.name;
  if (browser && os) return `${browser} on ${os}`;
  if (browser || os) return (browser ?? os)!;
  return userAgent.split(/[\s/;(]/)[0]!.slice(0, 40) || "Unknown device";
}
