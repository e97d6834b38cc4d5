import CentraLint
