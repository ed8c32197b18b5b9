import { describe, expect, test } from 'vitest';
import { howModelReads, whatModelCannotRead } from './model-inputs.ts';
import { DEMO_MODEL_ID } from './models.ts';

const textOnly = { id: 'meta-llama/llama-3.3-70b-instruct', inputModalities: ['text'] };
const vision = { id: 'google/gemini-2.5-flash-image', inputModalities: ['text', 'image'] };
const visionAndFiles = { id: 'openai/gpt-4o-mini', inputModalities: ['text', 'image', 'file'] };
const demo = { id: DEMO_MODEL_ID, inputModalities: ['text'] };

describe('what a model can read', () => {
  test('a model that lists images sees them; one that does not cannot read them', () => {
    expect(howModelReads(vision, 'image/webp')).toBe('image');
    expect(howModelReads(textOnly, 'image/png')).toBeUndefined();
    expect(whatModelCannotRead(textOnly, ['image/jpeg'])).toBe("Can't read images");
    expect(whatModelCannotRead(vision, ['image/jpeg', 'image/gif'])).toBeUndefined();
  });

  test('a PDF goes whole to a model that reads files, and as its text to any other', () => {
    expect(howModelReads(visionAndFiles, 'application/pdf')).toBe('file');
    expect(howModelReads(vision, 'application/pdf')).toBe('text');
    expect(howModelReads(textOnly, 'application/pdf')).toBe('text');
    expect(whatModelCannotRead(textOnly, ['application/pdf'])).toBeUndefined();
  });

  test('one image among PDFs is enough to rule a text-only model out', () => {
    expect(whatModelCannotRead(textOnly, ['application/pdf', 'image/png'])).toBe(
      "Can't read images",
    );
  });

  test('no attachments rule no model out', () => {
    expect(whatModelCannotRead(textOnly, [])).toBeUndefined();
  });

  test('the demo model takes anything, by its name', () => {
    expect(howModelReads(demo, 'image/png')).toBe('name');
    expect(whatModelCannotRead(demo, ['image/png', 'application/pdf'])).toBeUndefined();
  });
});
