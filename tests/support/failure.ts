/**
 * What a database call failed with, as one text: Drizzle wraps a driver's error ("Failed query: …")
 * and keeps the database's own message as `cause`. "no error" when it did not fail.
 */
export async function failureOf(run: () => unknown): Promise<string> {
  try {
    await run();
    return "no error";
  } catch (error) {
    const { message, cause } = error as Error & { cause?: Error };
    return `${message} ${cause?.message ?? ""}`;
  }
}
