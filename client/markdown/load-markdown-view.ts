import { ModuleLoader, useLoadedModule } from '../shell/module-loader.ts';

/**
 * Markdown rendering (react-markdown, its parser, the code blocks): not part of the first
 * paint, and started as soon as a conversation is on its way, so that an answer rendered
 * after a reload does not wait for it. Until it is there, an answer shows as plain text.
 */
const markdownView = new ModuleLoader(() => import('./markdown-view.tsx'));

export const loadMarkdownView = () => markdownView.load();
export const useMarkdownView = () => useLoadedModule(markdownView);
