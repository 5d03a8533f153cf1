import { managerDecisionEmail, passwordResetEmail, verifyEmail } from "./accounts";
import { accountCodeEmail, dataExportReadyEmail, emailChangeConfirmEmail, emailChangeNoticeEmail, passwordChangedEmail } from "./account-settings";
import { creditNoteEmail } from "./credit-notes";
import { monthlyReportEmail } from "./monthly-report";
import { invoiceEmail, orderConfirmationEmail, orderStatusEmail } from "./orders";
import { orderPickedEmail } from "./picking";
import { cartReminderEmail, weMissYouEmail } from "./shoppers";
import { backInStockEmail, lowStockEmail } from "./stock";

/** Every store email by name; the send-email job renders one by name with its typed props. */
export const emailTemplates = {
  "verify-email": verifyEmail,
  "password-reset": passwordResetEmail,
  "manager-decision": managerDecisionEmail,
  "account-code": accountCodeEmail,
  "password-changed": passwordChangedEmail,
  "email-change-confirm": emailChangeConfirmEmail,
  "email-change-notice": emailChangeNoticeEmail,
  "data-export-ready": dataExportReadyEmail,
  "low-stock": lowStockEmail,
  "back-in-stock": backInStockEmail,
  "cart-reminder": cartReminderEmail,
  "we-miss-you": weMissYouEmail,
  "monthly-report": monthlyReportEmail,
  "order-confirmation": orderConfirmationEmail,
  "order-status": orderStatusEmail,
  invoice: invoiceEmail,
  "credit-note": creditNoteEmail,
  "order-picked": orderPickedEmail,
} as const;

export type EmailTemplateName = keyof typeof emailTemplates;
export type EmailProps = { [K in EmailTemplateName]: Parameters<(typeof emailTemplates)[K]>[1] };
export type { Brand } from "./brand";
