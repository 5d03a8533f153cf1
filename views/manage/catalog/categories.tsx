import { DataTable } from "../../components/data-table";
import { Field } from "../../components/form";
import type { CategoryRow, RequestRow } from "../../../src/catalog/categories/categories";
import type { FormValues } from "../../../src/http/forms";
import type { MomentFormat } from "../../../src/http/days";
import { WalkOrderForm } from "./walk-order";

/** Where a problem belongs: the new-category form, a category row, or a pending request. */
export type Problem = { where: string; message: string };

export type CategoriesView = {
  isAdmin: boolean;
  categories: CategoryRow[];
  pending: RequestRow[];
  history: RequestRow[];
  problem?: Problem;
  notice?: string;
  values?: FormValues;
};

const kindLabels = { create: "New category", rename: "Rename", delete: "Delete" } as const;

function ProblemText({ view, where }: { view: CategoriesView; where: string }) {
  return view.problem?.where === where ? <p class="form-error" role="alert">{view.problem.message}</p> : null;
}

function HxForm(props: { action: string; children: unknown; class?: string }) {
  return (
    <form method="post" action={props.action} hx-post={props.action} hx-target="#catalog-categories" hx-swap="outerHTML" class={props.class}>
      {props.children}
    </form>
  );
}

/** A category's name and description; what is wrong shows once, under the form (ProblemText). */
function NameFields({ prefix, name, description }: { prefix: string; name: string; description: string }) {
  const values = { name, description };
  return (
    <>
      <Field label="Name" name="name" id={`${prefix}-name`} maxlength={60} values={values} errors={{}} inline />
      <Field label="Description" name="description" id={`${prefix}-description`} maxlength={300} values={values} errors={{}} required={false} inline />
    </>
  );
}

function NewCategory({ view }: { view: CategoriesView }) {
  const values = view.problem?.where === "new" ? (view.values ?? {}) : {};
  return (
    <section aria-labelledby="new-category-heading" class="panel">
      <h2 id="new-category-heading">{view.isAdmin ? "Add a category" : "Propose a category"}</h2>
      {view.isAdmin ? null : <p class="muted">New categories wait for the admin's approval before shoppers see them.</p>}
      <HxForm action="/manage/categories" class="row-actions">
        <NameFields prefix="new-category" name={values.name ?? ""} description={values.description ?? ""} />
        <button type="submit" class="button">{view.isAdmin ? "Add category" : "Send for approval"}</button>
      </HxForm>
      <ProblemText view={view} where="new" />
    </section>
  );
}

function PendingRequests({ view, moment }: { view: CategoriesView; moment: MomentFormat }) {
  return (
    <DataTable
      columns={["Request", "Current", "Proposed", "Asked by", ...(view.isAdmin ? ["Decision"] : [])]}
      rows={view.pending}
      row={(request) => (
        <tr id={`request-${request.id}`}>
          <td>{kindLabels[request.kind]}<br /><span class="muted">{moment(request.createdAt)}</span></td>
          <td>{request.kind === "create" ? <span class="muted">(none yet)</span> : <><strong>{request.liveName ?? request.currentName}</strong><br /><span class="muted">{request.liveDescription ?? request.currentDescription}</span></>}</td>
          <td>{request.kind === "delete" ? <em>Delete this category</em> : <><strong>{request.proposedName}</strong><br /><span class="muted">{request.proposedDescription}</span></>}</td>
          <td>{request.requesterName ?? "a former manager"}</td>
          {view.isAdmin ? (
            <td>
              <div class="row-actions">
                <HxForm action={`/manage/category-requests/${request.id}/approve`}>
                  <button type="submit" class="button button-small">Approve</button>
                </HxForm>
                <HxForm action={`/manage/category-requests/${request.id}/decline`} class="row-actions">
                  <Field label="Reason for declining" name="reason" id={`reason-${request.id}`} placeholder="Reason for declining" maxlength={300} values={{}} errors={{}} required={false} hideLabel inline />
                  <button type="submit" class="button button-small button-danger">Decline</button>
                </HxForm>
              </div>
              <ProblemText view={view} where={`request-${request.id}`} />
            </td>
          ) : null}
        </tr>
      )}
      empty={<p class="muted">No requests are waiting.</p>}/>
  );
}

function CategoryActions({ view, category }: { view: CategoriesView; category: CategoryRow }) {
  if (category.status === "pending") return <span class="muted">Waiting for approval</span>;
  if (view.isAdmin) {
    return (
      <div class="row-actions">
        <details>
          <summary>Edit</summary>
          <HxForm action={`/manage/categories/${category.id}`} class="row-actions">
            <NameFields prefix={`category-${category.id}`} name={category.name} description={category.description} />
            <button type="submit" class="button button-small">Save</button>
          </HxForm>
        </details>
        <HxForm action={`/manage/categories/${category.id}/delete`}>
          <button type="submit" class="button button-small button-danger" aria-label={`Delete ${category.name}`}>Delete</button>
        </HxForm>
      </div>
    );
  }
  if (category.pendingRequest) return <span class="muted">Change requested</span>;
  return (
    <div class="row-actions">
      <details>
        <summary>Ask to rename</summary>
        <HxForm action={`/manage/categories/${category.id}/requests`} class="row-actions">
          <input type="hidden" name="kind" value="rename" />
          <NameFields prefix={`category-${category.id}`} name={category.name} description={category.description} />
          <button type="submit" class="button button-small">Send request</button>
        </HxForm>
      </details>
      <HxForm action={`/manage/categories/${category.id}/requests`}>
        <input type="hidden" name="kind" value="delete" />
        <button type="submit" class="button button-small button-danger" aria-label={`Ask to delete ${category.name}`}>Ask to delete</button>
      </HxForm>
    </div>
  );
}

function CategoryTable({ view }: { view: CategoriesView }) {
  return (
    <DataTable
      class="stack-table"
      columns={["Category", "Status", "Products", "Actions"]}
      rows={view.categories}
      row={(category) => (
        <tr id={`category-${category.id}`}>
          <td><strong>{category.name}</strong><br /><span class="muted">{category.description}</span></td>
          <td data-label="Status"><span class={`badge badge-${category.status}`}>{category.status === "active" ? "Active" : "Pending"}</span></td>
          <td data-label="Products">{category.productCount}</td>
          <td class="stack-full">
            <CategoryActions view={view} category={category} />
            <ProblemText view={view} where={`category-${category.id}`} />
          </td>
        </tr>
      )}
    />
  );
}

function History({ view, moment }: { view: CategoriesView; moment: MomentFormat }) {
  return (
    <DataTable
      columns={["Asked", "Request", "Was", "Proposed", "By", "Outcome", "Reason"]}
      rows={view.history}
      row={(request) => (
        <tr>
          <td>{moment(request.createdAt)}</td>
          <td>{kindLabels[request.kind]}</td>
          <td>{request.kind === "create" ? "" : request.currentName}</td>
          <td>{request.kind === "delete" ? "" : request.proposedName}</td>
          <td>{request.requesterName ?? ""}</td>
          <td><span class={`badge badge-${request.status}`}>{request.status}</span>{request.deciderName ? <span class="muted"> by {request.deciderName} {request.decidedAt ? moment(request.decidedAt) : ""}</span> : null}</td>
          <td>{request.reason ?? ""}</td>
        </tr>
      )}
      empty={<p class="muted">No decisions yet.</p>}/>
  );
}

export function CategoriesPage({ view, moment }: { view: CategoriesView; moment: MomentFormat }) {
  return (
    <section id="catalog-categories">
      <p><a href="/manage">Back office</a> · <a href="/manage/products">Products</a></p>
      <h1>Categories</h1>
      {view.notice ? <p class="flash flash-success" role="status">{view.notice}</p> : null}
      <ProblemText view={view} where="page" />
      <NewCategory view={view} />
      <h2>{view.isAdmin ? "Requests waiting for you" : "Your requests waiting for the admin"}</h2>
      <PendingRequests view={view} moment={moment} />
      <h2>All categories</h2>
      <CategoryTable view={view} />
      <WalkOrderForm aisles={view.categories} values={view.problem?.where === "walk" ? view.values : undefined} problem={view.problem?.where === "walk" ? view.problem.message : undefined} />
      <h2>Request history</h2>
      <History view={view} moment={moment} />
    </section>
  );
}
