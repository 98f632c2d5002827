export { parseTutorial, TutorialSyntaxError } from './parse-tutorial';
export { TutorialRunner, TutorialStepFailure } from './run-tutorial';
export { selectTutorials, stepsUntilBackground } from './select-tutorials';
export { ShellSession } from './shell-session';
export type { Expectation, TutorialStep } from './tutorial-steps';
