import { Hono } from "hono";
import { z } from "zod";
import { momentFormatter } from "../http/days";
import type { AppEnv } from "../http/env";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { PeoplePage, PeopleSummary, PersonRow } from "../../views/admin/people";
import { ErrorPage } from "../../views/errors";
import { applyPeopleAction, findPerson, listPeople, PEOPLE_ACTIONS, PEOPLE_ROLE_FILTERS, PEOPLE_STATUS_FILTERS } from "./people";

export const peopleRoutes = new Hono<AppEnv>();


peopleRoutes.get("/", async (c) => {
  const filter = peopleFilter.parse({ role: c.req.query("role"), status: c.req.query("status") });
  const people = await listPeople(c.var.deps.database, filter);
  const everyone = filter.role === "all" && filter.status === "all" ? people : await listPeople(c.var.deps.database, { role: "all", status: "all" });
  return renderPage(c, "People", <PeoplePage people={people} everyone={everyone} filter={filter} moment={momentFormatter(c)} />);
});

const peopleFilter = z.object({ role: z.enum(PEOPLE_ROLE_FILTERS).catch("all"), status: z.enum(PEOPLE_STATUS_FILTERS).catch("all") });

const actionParams = z.object({
  id: z.coerce.number().int().positive(),
  action: z.enum(PEOPLE_ACTIONS),
});

peopleRoutes.post("/:id/:action", async (c) => {
  const params = actionParams.safeParse(c.req.param());
  if (!params.success) {
    return renderPage(c, "Not found", <ErrorPage heading="Unknown action" message="That account or action does not exist." />, { status: 404 });
  }
  const { database, clock } = c.var.deps;
  const result = await applyPeopleAction(database, c.var.user!, params.data.id, params.data.action, clock.now());
  if (!result.ok) {
    if (wantsFragment(c)) return redirectAfterPost(c, "/admin/people", { kind: "error", text: result.message });
    return renderPage(c, "Not changed", <ErrorPage heading="Nothing changed" message={result.message} />, { status: result.status });
  }
  if (wantsFragment(c)) {
    const everyone = await listPeople(database, { role: "all", status: "all" });
    return c.html(
      <>
        <PersonRow user={(await findPerson(database, result.user.id))!} moment={momentFormatter(c)} />
        <PeopleSummary everyone={everyone} oob />
      </>,
    );
  }
  return redirectAfterPost(c, "/admin/people", { kind: "success", text: result.message });
});
