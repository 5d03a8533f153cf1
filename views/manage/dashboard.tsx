import type { DashboardFigures } from "../../src/manage/dashboard";
import { quantityLabel } from "../../src/catalog/units";
import type { Unit } from "../../src/db/schema";

export function DashboardPage(props: {
  name: string;
  isAdmin: boolean;
  figures: DashboardFigures;
  lowStock: { id: number; name: string; stock: number; unit: Unit; threshold: number }[];
}) {
  const { figures } = props;
  return (
    <section>
      <h1>Back office</h1>
      <p class="muted">Good to see you, {props.name}. Here is what needs you today.</p>
      <ul class="figures">
        <li><strong>{figures.activeProducts}</strong> products on sale</li>
        <li><strong>{figures.lowStock}</strong> running low</li>
        <li><strong>{figures.outOfStock}</strong> out of stock</li>
        <li><strong>{figures.pendingCategories}</strong> categories awaiting approval</li>
        {props.isAdmin ? (
          <li>
            <a href="/admin/people"><strong>{figures.pendingManagers}</strong> managers awaiting approval</a>
          </li>
        ) : null}
      </ul>
      <h2>Low stock</h2>
      {props.lowStock.length === 0 ? (
        <p class="empty">Nothing is running low.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr><th scope="col">Product</th><th scope="col">In stock</th><th scope="col">Reorder at</th></tr>
            </thead>
            <tbody>
              {props.lowStock.map((item) => (
                <tr>
                  <td>{item.name}</td>
                  <td>{quantityLabel(item.stock, item.unit)}</td>
                  <td>{quantityLabel(item.threshold, item.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
