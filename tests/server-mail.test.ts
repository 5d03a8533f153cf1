import { afterAll, beforeAll, expect, test } from "bun:test";
import { startServer, type RunningServer } from "./support/server";
import { startSmtpServer, type SmtpServer } from "./support/smtp";

let smtp: SmtpServer;
let server: RunningServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startServer({ SMTP_URL: smtp.url, SEED_DEMO_DATA: "false" });
});
afterAll(async () => {
  server?.cleanup();
  await smtp?.close();
});

test("the real server's own worker sends the sign-up email over SMTP, then stops cleanly", async () => {
  expect(server.output()).toContain("Mail goes out via smtp.");
  const response = await fetch(`${server.url}/signup`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name: "Olive Oyl", email: "olive@example.com", password: "spinach-salad-42" }),
  });
  expect(response.status).toBe(303);
  const mail = await smtp.mailTo("olive@example.com");
  expect(mail?.subject).toBe("Confirm your email for Grocer");
  expect(mail?.text).toContain(`${server.url}/verify-email?token=`);

  expect(await server.stop("SIGTERM")).toBe(0);
  expect(server.output()).toContain("finishing in-flight requests and the running job");
});
