/* (section in progress) */
