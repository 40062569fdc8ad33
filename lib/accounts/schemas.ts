import { z } from "zod";
import { ROLES } from "@/lib/auth/policy";

export const emailSchema = z
  .string({ error: "Email is required." })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }).max(254));

export const passwordSchema = z
  .string({ error: "Password is required." })
  .min(10, { error: "Password must be at least 10 characters." })
  .max(200, { error: "Password must be at most 200 characters." });

export const signUpSchema = z.strictObject({
  name: z.string().trim().min(1, { error: "Your name is required." }).max(100),
  email: emailSchema,
  password: passwordSchema,
  accountName: z.string().trim().min(1, { error: "Company name is required." }).max(120),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, { error: "Password is required." }).max(200),
});

export const forgotPasswordSchema = z.strictObject({ email: emailSchema });

export const resetPasswordSchema = z.strictObject({
  token: z.string().min(1, { error: "This reset link is not valid." }).max(100),
  password: passwordSchema,
});

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, { error: "Your current password is required." }).max(200),
  newPassword: passwordSchema,
});

export const roleSchema = z.enum(ROLES, { error: "Role must be owner, admin or member." });

export const inviteMemberSchema = z.strictObject({ email: emailSchema, role: roleSchema });
export const changeRoleSchema = z.strictObject({ role: roleSchema });
export const createAccountSchema = z.strictObject({
  name: z.string().trim().min(1, { error: "Company name is required." }).max(120),
});
export const switchAccountSchema = z.strictObject({ accountId: z.string().min(1).max(64) });
