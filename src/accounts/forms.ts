import { z } from "zod";

export const name = z
  .string({ message: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(80, "Keep your name under 80 characters.");

export const email = z
  .string({ message: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ message: "Enter an email address like name@example.com." }));

export const newPassword = z
  .string({ message: "Choose a password." })
  .min(10, "Use at least 10 characters for your password.")
  .max(200, "Keep your password under 200 characters.");

export const signUpForm = z.object({ name, email, password: newPassword });

export const logInForm = z.object({
  email,
  password: z.string({ message: "Enter your password." }).min(1, "Enter your password.").max(200, "That password is too long."),
  next: z.string().optional(),
});


export const forgotPasswordForm = z.object({ email });

export const resetPasswordForm = z.object({
  email,
  code: z
    .string({ message: "Enter the 8-digit code from the email." })
    .trim()
    .regex(/^\d{8}$/, "Enter the 8-digit code from the email."),
  password: newPassword,
});
