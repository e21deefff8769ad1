import './sono-app.ts';
