import { tallySalesJob } from "../catalog/popularity";
import { sendEmailJob } from "../mail/send";
import { backInStockJob } from "../notifications/back-in-stock";
import { cartReminderJob } from "../notifications/cart-reminder";
import { housekeepingJob } from "../notifications/housekeeping";
import { lowStockDigestJob } from "../notifications/low-stock";
import { orderConfirmationJob } from "../orders/emails";
import { weMissYouJob } from "../notifications/we-miss-you";
import { monthlyReportJob } from "../reports/monthly-job";
import { noSalesYet, type SalesSource } from "../reports/sales-source";
import { JobRegistry } from "./registry";

/** Every job type the store runs. The sales source is swappable until the orders tables exist. */
export function storeJobs(options: { salesSource?: SalesSource } = {}): JobRegistry {
  return new JobRegistry()
    .register(sendEmailJob)
    .register(orderConfirmationJob)
    .register(housekeepingJob)
    .register(lowStockDigestJob)
    .register(weMissYouJob)
    .register(backInStockJob)
    .register(cartReminderJob)
    .register(tallySalesJob)
    .register(monthlyReportJob(options.salesSource ?? noSalesYet));
}
