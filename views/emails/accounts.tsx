/** @jsxImportSource react */
import type { Brand } from "./brand";
import { Button, EmailLayout, styles } from "./parts";
import type { EmailContent } from "./types";

export type VerifyEmailProps = { name: string; verifyUrl: string; hoursValid: number };

export function verifyEmail(brand: Brand, props: VerifyEmailProps): EmailContent {
  return {
    subject: `Confirm your email for ${brand.storeName}`,
    element: (
      <EmailLayout brand={brand} preview="One click to confirm your email address.">
        <h1 style={styles.h1}>Confirm your email</h1>
        <p style={styles.p}>Hello {props.name}, thanks for joining {brand.storeName}. Please confirm this is your email address.</p>
        <Button href={props.verifyUrl}>Confirm my email</Button>
        <p style={styles.muted}>Or open this link: {props.verifyUrl}</p>
        <p style={styles.muted}>The link works for {props.hoursValid} hours. If you did not sign up, ignore this message.</p>
      </EmailLayout>
    ),
  };
}

export type PasswordResetProps = { name: string; code: string; resetUrl: string; minutesValid: number };

export function passwordResetEmail(brand: Brand, props: PasswordResetProps): EmailContent {
  return {
    subject: `Your ${brand.storeName} password reset code`,
    element: (
      <EmailLayout brand={brand} preview="Your code to choose a new password.">
        <h1 style={styles.h1}>Reset your password</h1>
        <p style={styles.p}>Hello {props.name}, someone (hopefully you) asked to reset the password of this account. Your code is:</p>
        <p style={styles.p}>
          <span style={styles.code}>{props.code}</span>
        </p>
        <Button href={props.resetUrl}>Choose a new password</Button>
        <p style={styles.muted}>
          The code works for {props.minutesValid} minutes, only for this email address, and allows 5 tries. If you did not ask for it, ignore
          this message: your password stays as it is.
        </p>
      </EmailLayout>
    ),
  };
}

export type ManagerDecisionProps = { name: string; approved: boolean };

export function managerDecisionEmail(brand: Brand, props: ManagerDecisionProps): EmailContent {
  return props.approved
    ? {
        subject: `You're approved as a manager at ${brand.storeName}`,
        element: (
          <EmailLayout brand={brand} preview="The back office is open for you.">
            <h1 style={styles.h1}>Welcome aboard, {props.name}</h1>
            <p style={styles.p}>The admin approved your manager account. You can now run the catalog, stock and promotions.</p>
            <Button href={`${brand.baseUrl.replace(/\/$/, "")}/manage`}>Open the back office</Button>
          </EmailLayout>
        ),
      }
    : {
        subject: `About your manager application at ${brand.storeName}`,
        element: (
          <EmailLayout brand={brand} preview="An update on your manager application.">
            <h1 style={styles.h1}>Hello {props.name}</h1>
            <p style={styles.p}>
              Thank you for applying to sell with {brand.storeName}. The admin did not approve a manager account this time. You can keep
              shopping with the same account.
            </p>
          </EmailLayout>
        ),
      };
}
