import { backgroundWork } from "./jobs";
import type { Agent, TestStore } from "./store";

/**
 * A report's CSV the way a manager gets one (ADR 046, 062): "Prepare … CSV" on the reports page
 * (its form's fields: kind and the report's filters), the job queue drained, then the export's
 * download. Returns the download's response.
 */
export async function preparedCsv(store: TestStore, manager: Agent, kind: string, filters: Record<string, string> = {}) {
  const started = await manager.post("/manage/reports/exports", { kind, from: "", to: "", category: "", bucket: "day", ...filters });
  if (started.status !== 303) throw new Error(`preparing the ${kind} CSV failed: ${started.status}`);
  const page = started.headers.get("location")!;
  await backgroundWork(store).drain();
  const download = await manager.get(`${page}/download`);
  if (download.status !== 200) throw new Error(`downloading the ${kind} CSV failed: ${download.status}`);
  return download;
}
