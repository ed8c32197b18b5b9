/** Upper bounds enforced on both sides of the wire. The server is the one that must hold them. */
export const limits = {
  /** Longest message a person may send, in characters. */
  messageChars: 100_000,
  /** Longest conversation title, in characters. */
  titleChars: 200,
  /** Largest push or pull body the server reads, in bytes. */
  syncBodyBytes: 1024 * 1024,
  /** Most mutations the server accepts in one push. */
  mutationsPerPush: 500,
  /** Longest id (client-generated) accepted for any row. */
  idChars: 64,
  /**
   * Deepest nesting of arrays and objects in a JSON body the server reads. Ours nest a few
   * levels; far deeper overflows the stack of whatever walks the value.
   */
  jsonDepth: 64,
  /** Longest name a person goes by, in characters. */
  nameChars: 100,
  /** Longest email address (the most a mail server must accept). */
  emailChars: 254,
  /** Longest profile image URL. */
  imageUrlChars: 2048,
  /** Largest body the sign-in, sign-up and account endpoints read, in bytes. */
  authBodyBytes: 64 * 1024,
  /** Largest image (PNG, JPEG, WebP, GIF) a person may attach, in bytes. */
  imageBytes: 20 * 1024 * 1024,
  /** Largest PDF a person may attach, in bytes. */
  pdfBytes: 50 * 1024 * 1024,
  /** Most attachments one message carries. */
  attachmentsPerMessage: 10,
  /** Longest attachment file name, in characters. */
  attachmentNameChars: 255,
  /** Most web sources (citations) one answer keeps. */
  sourcesPerMessage: 32,
  /** Longest source address kept, in characters. */
  sourceUrlChars: 2048,
  /** Longest source title kept, in characters. */
  sourceTitleChars: 300,
} as const;
