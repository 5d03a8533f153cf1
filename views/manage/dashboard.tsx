import type { DashboardFigures, TodayFigures } from "../../src/reports/dashboard";
import { amountLabel } from "../../src/catalog/units";
import type { Unit } from "../../src/db/schema";

export function DashboardPage(props: {
  name: string;
  isAdmin: boolean;
  figures: DashboardFigures;
  today: TodayFigures;
  money: (cents: number) => string;
  unreadNotifications: number;
  lowStock: { id: number; name: string; stock: number; unit: Unit; threshold: number }[];
}) {
  const { figures, today, money } = props;
  return (
    <section>
      <h1>Back office</h1>
      <p class="muted">Good to see you, {props.name}. Here is what needs you today.</p>
      <p class="quick-links">
        <a class="button button-small" href="/manage/products/new">Add a product</a>
        <a class="button button-small button-quiet" href="/manage/products">Products</a>
        <a class="button button-small button-quiet" href="/manage/categories">Categories</a>
        <a class="button button-small button-quiet" href="/manage/orders">Orders</a>
        <a class="button button-small button-quiet" href="/manage/notifications">Notifications ({props.unreadNotifications} unread)</a>
      </p>
      <h2>Today</h2>
      <ul class="figures" id="today-figures">
        <li><strong>{today.orders}</strong> orders</li>
        <li><strong>{money(today.revenueCents)}</strong> revenue</li>
        <li><strong>{money(today.averageBasketCents)}</strong> average basket</li>
      </ul>
      <h2>Pending work</h2>
      <ul class="figures" id="pending-work">
        <li><a href="/manage/orders?status=placed"><strong>{figures.ordersToPack}</strong> orders to pack</a></li>
        <li><a href="/manage/categories"><strong>{figures.pendingCategories}</strong> categories awaiting approval</a></li>
        {props.isAdmin ? (
          <li>
            <a href="/admin/people?status=pending"><strong>{figures.pendingManagers}</strong> managers awaiting approval</a>
          </li>
        ) : null}
        <li><a href="/manage/stock?filter=low"><strong>{figures.lowStock}</strong> running low</a></li>
        <li><a href="/manage/stock?filter=out"><strong>{figures.outOfStock}</strong> out of stock</a></li>
        <li><a href="/manage/products"><strong>{figures.activeProducts}</strong> products on sale</a></li>
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
                  <td><a href={`/manage/stock/${item.id}`}>{item.name}</a></td>
                  <td>{amountLabel(item.stock, item.unit)}</td>
                  <td>{amountLabel(item.threshold, item.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
