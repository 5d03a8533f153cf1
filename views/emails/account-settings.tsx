/** @jsxImportSource react */
import { link, type Brand } from "./brand";
import { Button, EmailLayout, styles } from "./parts";
import type { EmailContent } from "./types";

export type AccountCodeProps = { name: string; code: string; minutesValid: number };

export function accountCodeEmail(brand: Brand, props: AccountCodeProps): EmailContent {
  return {
    subject: `Your ${brand.storeName} confirmation code`,
    element: (
      <EmailLayout brand={brand} preview="A code to confirm a change to your account.">
        <h1 style={styles.h1}>Confirm it's you</h1>
        <p style={styles.p}>Hello {props.name}, enter this code on your account page to confirm the change you asked for:</p>
        <p style={styles.p}>
          <span style={styles.code}>{props.code}</span>
        </p>
        <p style={styles.muted}>It works for {props.minutesValid} minutes and allows 5 tries. If you did not ask for it, ignore this message.</p>
      </EmailLayout>
    ),
  };
}

export type PasswordChangedProps = { name: string; when: string };

export function passwordChangedEmail(brand: Brand, props: PasswordChangedProps): EmailContent {
  return {
    subject: `Your ${brand.storeName} password was changed`,
    element: (
      <EmailLayout brand={brand} preview="Your password was changed; other devices were logged out.">
        <h1 style={styles.h1}>Your password was changed</h1>
        <p style={styles.p}>
          Hello {props.name}, the password of your account was changed on {props.when}. Every other browser and app signed in to your account
          was logged out.
        </p>
        <p style={styles.p}>If this wasn't you, choose a new password now: it logs out whoever changed it.</p>
        <Button href={link(brand, "/forgot-password")}>Reset my password</Button>
      </EmailLayout>
    ),
  };
}

export type EmailChangeConfirmProps = { name: string; newEmail: string; confirmUrl: string; hoursValid: number };

export function emailChangeConfirmEmail(brand: Brand, props: EmailChangeConfirmProps): EmailContent {
  return {
    subject: `Confirm your new email for ${brand.storeName}`,
    element: (
      <EmailLayout brand={brand} preview="One click to use this address for your account.">
        <h1 style={styles.h1}>Confirm your new email</h1>
        <p style={styles.p}>Hello {props.name}, you asked to use {props.newEmail} for your account. Nothing changes until you confirm.</p>
        <Button href={props.confirmUrl}>Use this address</Button>
        <p style={styles.muted}>Or open this link: {props.confirmUrl}</p>
        <p style={styles.muted}>The link works for {props.hoursValid} hours. If you did not ask for this, ignore this message.</p>
      </EmailLayout>
    ),
  };
}

export type EmailChangeNoticeProps = { name: string; newEmail: string; undoUrl: string; daysValid: number };

export function emailChangeNoticeEmail(brand: Brand, props: EmailChangeNoticeProps): EmailContent {
  return {
    subject: `Someone asked to change the email of your ${brand.storeName} account`,
    element: (
      <EmailLayout brand={brand} preview="If this wasn't you, stop it with one click.">
        <h1 style={styles.h1}>A new email address was requested</h1>
        <p style={styles.p}>
          Hello {props.name}, someone signed in to your account asked to use {props.newEmail} instead of this address. It changes only once
          that address confirms.
        </p>
        <p style={styles.p}>If this wasn't you, stop it: we keep (or put back) this address and log out everyone signed in to your account.</p>
        <Button href={props.undoUrl}>This wasn't me</Button>
        <p style={styles.muted}>The link works for {props.daysValid} days, also after the change was confirmed.</p>
      </EmailLayout>
    ),
  };
}

export type DataExportReadyProps = { name: string; downloadUrl: string; expiresOn: string };

export function dataExportReadyEmail(brand: Brand, props: DataExportReadyProps): EmailContent {
  return {
    subject: `Your ${brand.storeName} data is ready to download`,
    element: (
      <EmailLayout brand={brand} preview="Everything we hold about you, as JSON and CSV.">
        <h1 style={styles.h1}>Your data is ready</h1>
        <p style={styles.p}>
          Hello {props.name}, the copy of your data you asked for is ready: your account, orders with their lines, wishlist, notices and email
          choices, as JSON, and your orders as a CSV file.
        </p>
        <Button href={props.downloadUrl}>Download from my account</Button>
        <p style={styles.muted}>You need to be logged in. The download is kept until {props.expiresOn}, then deleted.</p>
      </EmailLayout>
    ),
  };
}
