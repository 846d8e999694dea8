/**
 * Every sentence of the emails and SMS a client gets, in English and Spanish (DESIGN.md rule 17):
 * one catalogue per language, `es` typed by `en` (a missing key does not compile), and
 * `server/test/catalogues.test.ts` compares their keys. Values are plain strings or functions of
 * the names they mention; `email-templates.ts` lays them out.
 */
export type Locale = 'en' | 'es';

const en = {
  /** The email's `<html lang>`. */
  lang: 'en',
  greeting: (name: string) => `Hello ${name},`,
  portalFooter: (firm: string) => `${firm} · secure client portal`,
  guideLine: 'New to the portal? Read the guide:',
  pasteLink: 'Or paste this link into your browser:',
  logoAlt: (firm: string) => `${firm} logo`,
  invitation: {
    subject: (firm: string, matter: string) => `${firm} has sent you a secure message about ${matter}`,
    body: (firm: string, matter: string) =>
      `${firm} has sent you a message about "${matter}" through their secure client portal.`,
    howTo: 'Open the portal to read it. No password is needed: the link below signs you in.',
    action: 'Open the client portal',
    footer: (days: number) =>
      `This link works once and expires in ${days} days. Afterwards you can ask for a new sign-in link on the portal with your email address. If you were not expecting this, you can ignore this email.`,
  },
  signIn: {
    subject: (firm: string) => `Your sign-in link for the ${firm} client portal`,
    body: (firm: string) =>
      `Someone (hopefully you) asked to sign in to the ${firm} secure client portal with this email address.`,
    action: 'Sign in to the client portal',
    footer: (minutes: number) =>
      `This link works once and expires in ${minutes} minutes. If you did not ask for it, ignore this email: nobody can sign in without the link.`,
  },
  stepUp: {
    subject: (code: string, firm: string) =>
      `${code} is your verification code for the ${firm} client portal`,
    body: (firm: string) => `Enter this code in the ${firm} client portal to open a protected message:`,
    footer: (minutes: number) =>
      `The code works once and expires in ${minutes} minutes. Never share it; the firm will never ask you for it.`,
    sms: (code: string, minutes: number) =>
      `${code} is your client portal verification code. It expires in ${minutes} minutes.`,
  },
  newMessage: {
    subject: (firm: string, matter: string) => `New secure message from ${firm} about ${matter}`,
    body: (firm: string, matter: string) =>
      `${firm} has sent you a new message about "${matter}" in their secure client portal.`,
    privacy: 'For your privacy the message is not included in this email. Open the portal to read it.',
    action: 'Open the client portal',
    footer:
      'If you are signed out, ask for a sign-in link on the portal with your email address. You get at most one such email per conversation while messages stay unread.',
  },
  messageSms: {
    /** A protected message, or one with no words: who wrote, and the link. */
    bare: (firm: string, link: string) => `${firm} sent you a message.\nRead and reply: ${link}`,
    withPreview: (firm: string, preview: string, link: string) =>
      `${firm}: ${preview}\nRead and reply: ${link}`,
    yourLawFirm: 'Your law firm',
  },
};

export type EmailTexts = typeof en;

const es: EmailTexts = {
  lang: 'es',
  greeting: (name) => `Hola, ${name}:`,
  portalFooter: (firm) => `${firm} · portal del cliente seguro`,
  guideLine: '¿Es nuevo en el portal? Lea la guía:',
  pasteLink: 'O copie este enlace en su navegador:',
  logoAlt: (firm) => `Logotipo de ${firm}`,
  invitation: {
    subject: (firm, matter) => `${firm} le ha enviado un mensaje seguro sobre ${matter}`,
    body: (firm, matter) =>
      `${firm} le ha enviado un mensaje sobre «${matter}» a través de su portal del cliente seguro.`,
    howTo: 'Abra el portal para leerlo. No necesita contraseña: el enlace de abajo inicia su sesión.',
    action: 'Abrir el portal del cliente',
    footer: (days) =>
      `Este enlace sirve una sola vez y caduca en ${days} días. Después puede pedir un enlace de acceso nuevo en el portal con su dirección de correo electrónico. Si no esperaba este mensaje, puede ignorarlo.`,
  },
  signIn: {
    subject: (firm) => `Su enlace de acceso al portal del cliente de ${firm}`,
    body: (firm) =>
      `Alguien (esperamos que usted) ha pedido iniciar sesión en el portal del cliente seguro de ${firm} con esta dirección de correo electrónico.`,
    action: 'Iniciar sesión en el portal del cliente',
    footer: (minutes) =>
      `Este enlace sirve una sola vez y caduca en ${minutes} minutos. Si usted no lo pidió, ignore este correo: nadie puede iniciar sesión sin el enlace.`,
  },
  stepUp: {
    subject: (code, firm) => `${code} es su código de verificación para el portal del cliente de ${firm}`,
    body: (firm) =>
      `Escriba este código en el portal del cliente de ${firm} para abrir un mensaje protegido:`,
    footer: (minutes) =>
      `El código sirve una sola vez y caduca en ${minutes} minutos. No se lo dé a nadie: el despacho nunca se lo pedirá.`,
    sms: (code, minutes) =>
      `${code} es su código de verificación del portal del cliente. Caduca en ${minutes} minutos.`,
  },
  newMessage: {
    subject: (firm, matter) => `Nuevo mensaje seguro de ${firm} sobre ${matter}`,
    body: (firm, matter) =>
      `${firm} le ha enviado un mensaje nuevo sobre «${matter}» en su portal del cliente seguro.`,
    privacy: 'Por su privacidad, el mensaje no se incluye en este correo. Abra el portal para leerlo.',
    action: 'Abrir el portal del cliente',
    footer:
      'Si no tiene la sesión iniciada, pida un enlace de acceso en el portal con su dirección de correo electrónico. Recibirá como máximo un correo de este tipo por conversación mientras haya mensajes sin leer.',
  },
  messageSms: {
    bare: (firm, link) => `${firm} le ha enviado un mensaje.\nLéalo y responda: ${link}`,
    withPreview: (firm, preview, link) => `${firm}: ${preview}\nLéalo y responda: ${link}`,
    yourLawFirm: 'Su despacho',
  },
};

export const emailCatalogues: Record<Locale, EmailTexts> = { en, es };

/** The texts for a person: their chosen language, else the firm's default, else English. */
export const textsFor = (locale: string | null | undefined): EmailTexts => (locale === 'es' ? es : en);
