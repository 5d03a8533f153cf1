import type { PrivacyPolicy } from "../../src/accounts/privacy/policy";

export function PrivacyPage({ policy, storeName }: { policy: PrivacyPolicy; storeName: string }) {
  const { controller } = policy;
  return (
    <section class="card narrow privacy">
      <h1>Privacy at {storeName}</h1>
      <h2>Who we are</h2>
      <p>
        {controller.name}
        {controller.address ? `, ${controller.address}` : ""}. Write to <a href={`mailto:${controller.contact}`}>{controller.contact}</a> about
        your personal data.
      </p>
      <h2>What we keep, and for how long</h2>
      <dl>
        {policy.keeps.map((item) => (
          <>
            <dt>{item.what}</dt>
            <dd>
              {item.why}; {item.howLong}.
            </dd>
          </>
        ))}
      </dl>
      <p>We do not sell your data, show ads, or use tracking or analytics services.</p>
      <h2>Cookies</h2>
      <p>Only the cookies the shop needs to work, so we don't ask for consent:</p>
      <dl>
        {policy.cookies.map((cookie) => (
          <>
            <dt>
              <code>{cookie.name}</code>
            </dt>
            <dd>
              {cookie.purpose}; {cookie.lifetime}.
            </dd>
          </>
        ))}
      </dl>
      <h2>Your rights</h2>
      <ul>
        {policy.rights.map((right) => (
          <li>{right}</li>
        ))}
      </ul>
    </section>
  );
}
