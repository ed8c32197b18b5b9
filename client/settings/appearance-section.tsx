import { useState } from 'react';
import { chooseTheme, readThemeChoice, type ThemeChoice } from '../shell/theme.ts';

const choices: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Settings › Appearance: light, dark, or as the system says. Applies at once. */
export function AppearanceSection() {
  const [theme, setTheme] = useState(readThemeChoice);
  return (
    <section className="settings-section" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance">Appearance</h2>
      <fieldset className="theme-choice">
        <legend>Theme</legend>
        {choices.map((choice) => (
          <label key={choice.value}>
            <input
              type="radio"
              name="theme"
              value={choice.value}
              checked={theme === choice.value}
              onChange={() => {
                setTheme(choice.value);
                chooseTheme(choice.value);
              }}
            />
            {choice.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
